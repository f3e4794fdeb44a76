package io.mailing.query.mailout;

import io.mailing.events.mailout.MailoutStatus;
import io.mailing.events.message.MessageStatus;
import io.mailing.platform.problem.InvalidInputException;
import io.mailing.query.message.MessageStore;
import io.mailing.query.message.MessageView;
import io.mailing.query.paging.Page;
import io.mailing.query.paging.PageRequest;
import io.mailing.query.statistics.MessageCounts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/mailouts")
@Tag(name = "Mailouts")
class MailoutQueryController {

    private final MailoutReadModel mailouts;
    private final MessageStore messages;

    MailoutQueryController(MailoutReadModel mailouts, MessageStore messages) {
        this.mailouts = mailouts;
        this.messages = messages;
    }

    @GetMapping
    @Operation(
            operationId = "listMailouts",
            summary = "List mailouts",
            description = "Newest first, with their messages by status. With `runningFrom` and `runningUntil`"
                    + " (both or neither), only the mailouts that were running at some moment between them: started"
                    + " before `runningUntil` and not completed or cancelled before `runningFrom`.")
    Page<MailoutView> list(
            @RequestParam(required = false) @Parameter(description = "only mailouts in this status")
                    MailoutStatus status,
            @RequestParam(required = false)
                    @Parameter(description = "only mailouts still running at or after this ISO-8601 instant")
                    Instant runningFrom,
            @RequestParam(required = false)
                    @Parameter(description = "only mailouts started before this ISO-8601 instant")
                    Instant runningUntil,
            @RequestParam(defaultValue = "0") @Parameter(description = PageRequest.PAGE_PARAMETER) int page,
            @RequestParam(defaultValue = "20") @Parameter(description = PageRequest.SIZE_PARAMETER) int size) {
        return mailouts.page(status, Running.between(runningFrom, runningUntil), new PageRequest(page, size));
    }

    @GetMapping("/{id}")
    @Operation(
            operationId = "getMailout",
            summary = "Read a mailout, now or as it was at an earlier instant",
            description = "With `asOf` the mailout is rebuilt from its own events up to that instant (definition,"
                    + " status, times; no message counts); 404 when it did not exist yet.")
    MailoutView get(
            @PathVariable @Parameter(description = "the mailout's id") UUID id,
            @Parameter(description = "the mailout as it was at this ISO-8601 instant, e.g. 2026-11-23T10:15:30Z")
                    @RequestParam(required = false)
                    Instant asOf) {
        return asOf == null ? mailouts.get(id) : mailouts.asOf(id, asOf);
    }

    @GetMapping("/{id}/messages")
    @Operation(
            operationId = "listMailoutMessages",
            summary = "List a mailout's messages",
            description = "In the order they were queued: the messages that have been attempted, deferred or ended."
                    + " Messages waiting for their first attempt are not listed (400 for `status=QUEUED`): the"
                    + " mailout's `messages.byStatus` counts them, and `GET /api/v1/messages/{id}` reads each.")
    Page<MessageView> messages(
            @PathVariable @Parameter(description = "the mailout's id") UUID id,
            @RequestParam(required = false) @Parameter(description = "only messages in this status (any but QUEUED)")
                    MessageStatus status,
            @RequestParam(defaultValue = "0") @Parameter(description = PageRequest.PAGE_PARAMETER) int page,
            @RequestParam(defaultValue = "20") @Parameter(description = PageRequest.SIZE_PARAMETER) int size) {
        if (status == MessageStatus.QUEUED) {
            throw new InvalidInputException(
                    "status",
                    "messages waiting for their first attempt are not listed; the mailout's messages.byStatus"
                            + " counts them");
        }
        PageRequest request = new PageRequest(page, size);
        MessageCounts counts = mailouts.get(id).messages();
        long listed = status == null ? counts.total() - counts.of(MessageStatus.QUEUED) : counts.of(status);
        return request.of(messages.ofMailout(id, status, request), listed);
    }
}

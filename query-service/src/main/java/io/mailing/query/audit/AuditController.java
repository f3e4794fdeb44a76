package io.mailing.query.audit;

import io.mailing.platform.problem.InvalidInputException;
import io.mailing.query.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/audit")
@Tag(
        name = "Audit trail",
        description =
                "Every event about a mailout, message, customer or opt-out, in order, with who caused it. Pages are"
                        + " cursor pages: pass a page's `next` as `after` for the following one.")
class AuditController {

    private final AuditTrail trail;

    AuditController(AuditTrail trail) {
        this.trail = trail;
    }

    @GetMapping("/{subject:mailouts|messages|customers|reports|opt-outs}/{id}")
    @Operation(
            operationId = "getAuditTrail",
            summary = "The trail of a mailout, a message, a customer, a daily report or an opt-out",
            description = "A mailout's trail holds its own events and all its messages' events; a message's, queued,"
                    + " each attempt and its final status; a customer's, registration, changes, removal and the"
                    + " events of every message sent to them; a daily report's (its `id` in"
                    + " `GET /api/v1/reports/daily`), every sending of it, scheduled or asked for; an opt-out's (its"
                    + " `id` in `GET /api/v1/opt-outs`), each time the address was opted out or withdrawn, and every"
                    + " message it suppressed.")
    AuditPage trail(
            @PathVariable
                    @Parameter(
                            description = "what the trail is about",
                            schema =
                                    @Schema(
                                            allowableValues = {
                                                "mailouts",
                                                "messages",
                                                "customers",
                                                "reports",
                                                "opt-outs"
                                            }))
                    String subject,
            @PathVariable @Parameter(description = "the mailout's, message's, customer's, report's or opt-out's id")
                    UUID id,
            @Parameter(description = "a page's `next`: the trail after that position") @RequestParam(required = false)
                    Long after,
            @RequestParam(defaultValue = "100") @Parameter(description = PageRequest.SIZE_PARAMETER) int size) {
        return page(Subject.of(subject), id, after, size);
    }

    private AuditPage page(Subject subject, UUID id, Long after, int size) {
        if (after != null && after < 0) {
            throw new InvalidInputException("after", "must be a position from a page's next, 0 or more");
        }
        return trail.page(subject, id, after == null ? 0 : after, PageRequest.size(size));
    }
}

package io.mailing.command.mailout;

import io.mailing.command.mailout.MailoutCommands.CancelMailout;
import io.mailing.command.mailout.MailoutCommands.ChangeMailout;
import io.mailing.command.mailout.MailoutCommands.CreateFollowUp;
import io.mailing.command.mailout.MailoutCommands.PauseMailout;
import io.mailing.command.mailout.MailoutCommands.ResumeMailout;
import io.mailing.command.mailout.MailoutCommands.ScheduleMailout;
import io.mailing.command.mailout.MailoutCommands.StartMailout;
import io.mailing.events.mailout.MailoutStatus;
import io.mailing.platform.channels.DeliverableChannels;
import io.mailing.platform.command.Commands;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/mailouts")
@Tag(
        name = "Mailouts",
        description = "Create, change, start, pause, resume and cancel mailouts; send a finished one again to the"
                + " customers it did not reach")
class MailoutController {

    private static final String RESOURCE = "mailout";

    private final Commands commands;
    private final DeliverableChannels channels;

    MailoutController(Commands commands, DeliverableChannels channels) {
        this.commands = commands;
        this.channels = channels;
    }

    @PostMapping
    @Operation(
            operationId = "createMailout",
            summary = "Create a mailout",
            description = "Starts by itself at startAt (at once when startAt is now or past) and closes at endAt.")
    @ApiResponse(responseCode = "201", description = "Scheduled")
    ResponseEntity<MailoutResponse> create(@RequestBody MailoutRequest request) {
        MailoutDefinition definition = request.toDefinition();
        channels.deliverable(definition.channel());
        MailoutId id = MailoutId.random();
        MailoutStatus status = commands.create(new ScheduleMailout(id, definition));
        return ResponseEntity.created(URI.create("/api/v1/mailouts/" + id))
                .body(MailoutResponse.of(id, status, definition));
    }

    @PutMapping("/{id}")
    @Operation(
            operationId = "changeMailout",
            summary = "Replace a scheduled mailout",
            description = "409 unless the mailout is SCHEDULED.")
    MailoutResponse change(
            @PathVariable @Parameter(description = "the mailout's id") UUID id, @RequestBody MailoutRequest request) {
        MailoutDefinition definition = request.toDefinition();
        channels.deliverable(definition.channel());
        MailoutId mailoutId = new MailoutId(id);
        MailoutStatus status = commands.send(new ChangeMailout(mailoutId, definition), RESOURCE, id);
        return MailoutResponse.of(mailoutId, status, definition);
    }

    @PostMapping("/{id}/start")
    @Operation(
            operationId = "startMailout",
            summary = "Start a scheduled mailout now",
            description = "409 unless the mailout is SCHEDULED.")
    MailoutResponse.Status start(@PathVariable @Parameter(description = "the mailout's id") UUID id) {
        return status(id, commands.send(new StartMailout(new MailoutId(id)), RESOURCE, id));
    }

    @PostMapping("/{id}/pause")
    @Operation(
            operationId = "pauseMailout",
            summary = "Pause a running mailout",
            description = "No new delivery attempts until resumed.")
    MailoutResponse.Status pause(@PathVariable @Parameter(description = "the mailout's id") UUID id) {
        return status(id, commands.send(new PauseMailout(new MailoutId(id)), RESOURCE, id));
    }

    @PostMapping("/{id}/resume")
    @Operation(
            operationId = "resumeMailout",
            summary = "Resume a paused mailout",
            description = "409 unless the mailout is PAUSED.")
    MailoutResponse.Status resume(@PathVariable @Parameter(description = "the mailout's id") UUID id) {
        return status(id, commands.send(new ResumeMailout(new MailoutId(id)), RESOURCE, id));
    }

    @PostMapping("/{id}/follow-ups")
    @Operation(
            operationId = "createFollowUp",
            summary = "Send a finished mailout again to the ones that failed",
            description = "Creates a follow-up mailout to exactly the customers whose messages of this mailout ended"
                    + " FAILED or EXPIRED: the same text and delivery window, starting now (its audience is fixed once"
                    + " every message of this mailout is final) and running as long as this one was planned to."
                    + " Recorded in both trails (MailoutFollowUpCreated here, FollowUpScheduled in the follow-up's),"
                    + " and shown by the query API as followUpId / followUpOf. 409 unless this mailout is COMPLETED or"
                    + " CANCELLED, or when it was followed up already (the problem names followUpId).")
    @ApiResponse(responseCode = "201", description = "The follow-up, scheduled")
    ResponseEntity<MailoutResponse> followUp(
            @PathVariable @Parameter(description = "the finished mailout's id") UUID id) {
        MailoutId followUpId = MailoutId.random();
        Mailout.FollowUp followUp = commands.send(new CreateFollowUp(new MailoutId(id), followUpId), RESOURCE, id);
        return ResponseEntity.created(URI.create("/api/v1/mailouts/" + followUpId))
                .body(MailoutResponse.of(followUpId, followUp.status(), followUp.definition()));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(org.springframework.http.HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "cancelMailout",
            summary = "Cancel a mailout",
            description = "From any state that is not final; pending messages are cancelled.")
    void cancel(@PathVariable @Parameter(description = "the mailout's id") UUID id) {
        commands.send(new CancelMailout(new MailoutId(id)), RESOURCE, id);
    }

    private static MailoutResponse.Status status(UUID id, MailoutStatus status) {
        return new MailoutResponse.Status(id, status);
    }
}

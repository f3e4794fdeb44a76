package io.mailing.sending.oneoff;

import io.mailing.platform.channels.DeliverableChannels;
import io.mailing.platform.correlation.EventMetadata;
import io.mailing.platform.problem.Violations;
import io.mailing.sending.oneoff.OneOffRequest.Checked;
import io.mailing.sending.oneoff.Recipients.Recipient;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(
        name = "One-off messages",
        description = "Single text messages and e-mails other applications ask for: accepted at once, delivered in"
                + " the background like a mailout's (retries, the opt-out list, audit trail, Kafka events)")
class OneOffController {

    /** Set on an answer given before, to a request with the same {@code Idempotency-Key}. */
    static final String REPLAYED = "Idempotent-Replayed";

    static final String PATH = "/api/v1/messages";

    private final OneOffs oneOffs;
    private final Recipients recipients;
    private final DeliverableChannels channels;
    private final OneOffSettings settings;

    OneOffController(OneOffs oneOffs, Recipients recipients, DeliverableChannels channels, OneOffSettings settings) {
        this.oneOffs = oneOffs;
        this.recipients = recipients;
        this.channels = channels;
        this.settings = settings;
    }

    @PostMapping(PATH)
    @Operation(
            operationId = "sendMessage",
            summary = "Send one message",
            description = "A text message or an e-mail to one customer or address, accepted at once (202) and"
                    + " delivered in the background: tried again on temporary failures until `sendBefore`, when it"
                    + " expires instead; not sent to an address on the channel's opt-out list (it ends"
                    + " `SUPPRESSED`). Its status and trail: `GET /api/v1/messages/{id}`; one-offs are counted under"
                    + " `transactional` in `GET /api/v1/stats`. With an `Idempotency-Key`, repeating the request"
                    + " (after a timeout, say) within 24 hours answers as the first time and sends nothing again,"
                    + " on any node; the same key with another request is a 409. Needs the SENDER or ADMIN role.")
    @ApiResponse(responseCode = "202", description = "Queued (or, with a known Idempotency-Key, queued before)")
    @ApiResponse(
            responseCode = "400",
            description = "A field that breaks a rule, `to` that names no active customer or address of the channel,"
                    + " or EMAIL where no mail server is configured")
    @ApiResponse(responseCode = "409", description = "The Idempotency-Key was used with another request")
    @ApiResponse(
            responseCode = "429",
            description = "This client asked for more one-offs than its allowance on this node"
                    + " (`mailing.one-offs.per-client`); nothing was queued",
            headers =
                    @Header(
                            name = "Retry-After",
                            description = "Seconds until the client may ask again",
                            schema = @Schema(type = "integer", minimum = "1")))
    ResponseEntity<OneOffAnswer> send(
            @RequestBody OneOffRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false)
                    @Parameter(
                            description = "a key of the client's own (a UUID, say; 1 to 255 printable ASCII"
                                    + " characters) that makes a repeat of this request send nothing again")
                    String idempotencyKey) {
        Map<String, Object> metadata = EventMetadata.ofCurrentRequest();
        String principal = String.valueOf(metadata.get(EventMetadata.PRINCIPAL));
        String key = idempotencyKey == null ? null : IdempotencyKeys.check(idempotencyKey);
        Checked checked = request.check(Instant.now(), settings, new Violations());
        channels.deliverable(checked.channel());
        Recipient recipient = recipients.of(checked.channel(), checked.to());
        OneOffs.Outcome outcome = oneOffs.send(request, checked, recipient, key, settings, metadata, principal);
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/v1/messages/" + outcome.answer().id()));
        if (outcome.replayed()) {
            answer.header(REPLAYED, "true");
        }
        return answer.body(outcome.answer());
    }
}

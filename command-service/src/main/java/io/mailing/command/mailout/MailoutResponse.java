package io.mailing.command.mailout;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.DeliveryWindow;
import io.mailing.events.mailout.MailoutStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * A mailout as the command API answers after creating or replacing it; {@code subject} and {@code html} only for an
 * e-mail mailout ({@code html} only when it has one).
 */
record MailoutResponse(
        UUID id,
        MailoutStatus status,
        Channel channel,
        String text,
        @JsonInclude(JsonInclude.Include.NON_NULL) String subject,
        @JsonInclude(JsonInclude.Include.NON_NULL) String html,
        Instant startAt,
        Instant endAt,
        AudienceFilter filter,
        DeliveryWindow deliveryWindow,
        boolean includeLateJoiners) {

    static MailoutResponse of(MailoutId id, MailoutStatus status, MailoutDefinition definition) {
        return new MailoutResponse(
                id.value(),
                status,
                definition.channel(),
                definition.text(),
                definition.email() == null ? null : definition.email().subject(),
                definition.email() == null ? null : definition.email().html(),
                definition.startAt(),
                definition.endAt(),
                definition.filter(),
                definition.deliveryWindow(),
                definition.includeLateJoiners());
    }

    /** The answer to start, pause and resume: where the mailout stands now. */
    record Status(UUID id, MailoutStatus status) {}
}

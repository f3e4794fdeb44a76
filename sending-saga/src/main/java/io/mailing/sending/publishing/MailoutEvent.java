package io.mailing.sending.publishing;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mailing.events.mailout.MailoutStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * A mailout lifecycle event as topic {@code mailing.mailout-events} carries it (key: the mailout id). {@code status}
 * is the mailout's status after the event; {@code MailoutCompleted} (every message final) has none of its own and
 * carries the final counts instead. A follow-up's {@code FollowUpScheduled} names the mailout it follows up
 * ({@code followUpOf}); that mailout's {@code MailoutFollowUpCreated} names its follow-up ({@code followUpId}). Fields
 * that do not apply are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record MailoutEvent(
        String eventId,
        String type,
        Instant occurredAt,
        UUID mailoutId,
        MailoutStatus status,
        String text,
        Instant startAt,
        Instant endAt,
        Counts messages,
        UUID followUpOf,
        UUID followUpId) {

    /** Messages queued, and how many ended in each final status. */
    record Counts(long queued, long sent, long failed, long expired, long cancelled, long suppressed) {}
}

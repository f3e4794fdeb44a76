package io.mailing.query.mailout;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.DeliveryWindow;
import io.mailing.events.mailout.EmailContent;
import io.mailing.events.mailout.FollowUpScheduled;
import io.mailing.events.mailout.MailoutCancelled;
import io.mailing.events.mailout.MailoutChanged;
import io.mailing.events.mailout.MailoutClosed;
import io.mailing.events.mailout.MailoutFollowUpCreated;
import io.mailing.events.mailout.MailoutPaused;
import io.mailing.events.mailout.MailoutResumed;
import io.mailing.events.mailout.MailoutScheduled;
import io.mailing.events.mailout.MailoutStarted;
import io.mailing.events.mailout.MailoutStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * A mailout as its own events describe it, one row of {@code query.mailout}: the definition, the status and when
 * each step happened. One fold for the read model and for the mailout as it was at an earlier instant, so both tell
 * the same story.
 *
 * @param channel SMS, or EMAIL with its {@code email} content ({@code subject}, {@code html}; shown at the top level)
 * @param followUpOf the mailout this one sends again to the ones it did not reach, {@code null} for most
 * @param followUpId this mailout's follow-up, once it was sent again
 */
public record MailoutRow(
        UUID id,
        String text,
        Instant startAt,
        Instant endAt,
        AudienceFilter filter,
        DeliveryWindow deliveryWindow,
        boolean includeLateJoiners,
        Channel channel,
        @JsonUnwrapped EmailContent email,
        MailoutStatus status,
        Instant createdAt,
        Instant changedAt,
        Instant startedAt,
        Instant pausedAt,
        Instant resumedAt,
        Instant cancelledAt,
        Instant closedAt,
        UUID followUpOf,
        UUID followUpId) {

    /** The mailout its first event, appended at {@code at}, creates. */
    static MailoutRow scheduled(MailoutScheduled event, Instant at) {
        return new MailoutRow(
                event.mailoutId(),
                event.text(),
                event.startAt(),
                event.endAt(),
                event.filter(),
                event.deliveryWindow(),
                event.includeLateJoiners(),
                event.channel(),
                event.email(),
                MailoutStatus.SCHEDULED,
                at,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /** The mailout after one more of its events, appended at {@code at}; any other event changes nothing. */
    MailoutRow apply(Object event, Instant at) {
        if (event instanceof MailoutChanged changed) {
            return new MailoutRow(
                    id,
                    changed.text(),
                    changed.startAt(),
                    changed.endAt(),
                    changed.filter(),
                    changed.deliveryWindow(),
                    changed.includeLateJoiners(),
                    changed.channel(),
                    changed.email(),
                    status,
                    createdAt,
                    at,
                    startedAt,
                    pausedAt,
                    resumedAt,
                    cancelledAt,
                    closedAt,
                    followUpOf,
                    followUpId);
        }
        if (event instanceof FollowUpScheduled followUp) {
            return withFollowUps(followUp.followUpOf(), followUpId);
        }
        if (event instanceof MailoutFollowUpCreated followUp) {
            return withFollowUps(followUpOf, followUp.followUpId());
        }
        if (event instanceof MailoutStarted started) {
            return withStatus(MailoutStatus.RUNNING, started.startedAt(), pausedAt, resumedAt, cancelledAt, closedAt);
        }
        if (event instanceof MailoutPaused paused) {
            return withStatus(MailoutStatus.PAUSED, startedAt, paused.pausedAt(), resumedAt, cancelledAt, closedAt);
        }
        if (event instanceof MailoutResumed resumed) {
            return withStatus(MailoutStatus.RUNNING, startedAt, pausedAt, resumed.resumedAt(), cancelledAt, closedAt);
        }
        if (event instanceof MailoutCancelled cancelled) {
            return withStatus(
                    MailoutStatus.CANCELLED, startedAt, pausedAt, resumedAt, cancelled.cancelledAt(), closedAt);
        }
        if (event instanceof MailoutClosed closed) {
            return withStatus(MailoutStatus.COMPLETED, startedAt, pausedAt, resumedAt, cancelledAt, closed.closedAt());
        }
        return this;
    }

    private MailoutRow withStatus(
            MailoutStatus newStatus,
            Instant started,
            Instant paused,
            Instant resumed,
            Instant cancelled,
            Instant closed) {
        return new MailoutRow(
                id,
                text,
                startAt,
                endAt,
                filter,
                deliveryWindow,
                includeLateJoiners,
                channel,
                email,
                newStatus,
                createdAt,
                changedAt,
                started,
                paused,
                resumed,
                cancelled,
                closed,
                followUpOf,
                followUpId);
    }

    private MailoutRow withFollowUps(UUID of, UUID id) {
        return new MailoutRow(
                this.id,
                text,
                startAt,
                endAt,
                filter,
                deliveryWindow,
                includeLateJoiners,
                channel,
                email,
                status,
                createdAt,
                changedAt,
                startedAt,
                pausedAt,
                resumedAt,
                cancelledAt,
                closedAt,
                of,
                id);
    }
}

package io.mailing.sending.dispatch;

import io.mailing.events.customer.CustomerChanged;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.customer.CustomerRemoved;
import io.mailing.events.mailout.AudienceClosed;
import io.mailing.events.mailout.AudienceFixed;
import io.mailing.events.mailout.DeliveryWindow;
import io.mailing.events.mailout.FollowUpScheduled;
import io.mailing.events.mailout.MailoutCancelled;
import io.mailing.events.mailout.MailoutClosed;
import io.mailing.events.mailout.MailoutCompleted;
import io.mailing.events.mailout.MailoutPaused;
import io.mailing.events.mailout.MailoutResumed;
import io.mailing.events.mailout.MailoutStarted;
import io.mailing.events.message.MessageExpired;
import io.mailing.events.message.MessageFailed;
import io.mailing.events.message.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The sending service's own copy of the customer directory ({@code sending.audience}) and of the mailouts it
 * dispatches ({@code sending.dispatch_mailout}), kept by one single-segment processor so both follow the event
 * stream's order exactly. That order is what makes the audience of a mailout precise: when this projection handles
 * {@code MailoutStarted} it has handled every customer event before it, records the audience as of that moment and
 * announces it ({@link AudienceFixed}); the dispatch saga releases it from there. Once a mailout closes or is
 * cancelled {@link AudienceClosed} says that no more customers will join it. It publishes these two events itself
 * because each says what its own tables have just decided, at that point of the stream.
 *
 * <p>A customer who registers or changes may join running mailouts late. That policy, which turns the event into
 * message commands, is a class of its own ({@link LateJoiners}): the projection keeps tables and announces what
 * they decide, the policy sends commands. The projection calls it from the same handler, so it runs on this
 * processor, in the stream's order, and sees the mailouts as of that customer event.
 *
 * <p>It also keeps, per mailout, the customers whose messages ended {@code FAILED} or {@code EXPIRED}
 * ({@code sending.undelivered}): the audience of the mailout's follow-up ({@link FollowUpScheduled}). That list is
 * complete once the mailout's dispatch completed ({@link MailoutCompleted}, which the stream carries after every one
 * of its messages' final events), so a follow-up's audience is fixed at its start only if its original's dispatch
 * had completed by then, and otherwise when it completes.
 */
@Component
@ProcessingGroup(AudienceProjection.PROCESSING_GROUP)
class AudienceProjection {

    static final String PROCESSING_GROUP = "dispatch-audience";

    private final JdbcTemplate jdbc;
    private final EventBus eventBus;
    private final LateJoiners lateJoiners;

    AudienceProjection(JdbcTemplate jdbc, EventBus eventBus, LateJoiners lateJoiners) {
        this.jdbc = jdbc;
        this.eventBus = eventBus;
        this.lateJoiners = lateJoiners;
    }

    @EventHandler
    void on(CustomerRegistered event, @Timestamp Instant at, ReplayStatus replay) {
        jdbc.update(
                """
                INSERT INTO sending.audience (customer_id, phone, operator_code, email, tags, time_zone, active)
                VALUES (?, ?, ?, ?, ?, ?, TRUE)
                ON CONFLICT (customer_id) DO NOTHING
                """,
                event.customerId(),
                event.phone(),
                event.operatorCode(),
                event.email(),
                event.tags().toArray(String[]::new),
                event.timeZone());
        lateJoiners.queue(event, at, replay);
    }

    @EventHandler
    void on(CustomerChanged event, @Timestamp Instant at, ReplayStatus replay) {
        jdbc.update(
                """
                UPDATE sending.audience SET phone = ?, operator_code = ?, email = ?, tags = ?, time_zone = ?
                WHERE customer_id = ?
                """,
                event.phone(),
                event.operatorCode(),
                event.email(),
                event.tags().toArray(String[]::new),
                event.timeZone(),
                event.customerId());
        lateJoiners.queue(event, at, replay);
    }

    @EventHandler
    void on(CustomerRemoved event) {
        jdbc.update("UPDATE sending.audience SET active = FALSE WHERE customer_id = ?", event.customerId());
    }

    @EventHandler
    void on(MailoutStarted event, ReplayStatus replay) {
        DeliveryWindow window = event.deliveryWindow();
        int inserted = jdbc.update(
                """
                INSERT INTO sending.dispatch_mailout (mailout_id, text, operator_codes, tags, window_from, window_to,
                                                      end_at, late_joiners, channel, subject, html, audience_seq,
                                                      state)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(MAX(seq), 0), 'RUNNING' FROM sending.audience
                ON CONFLICT (mailout_id) DO NOTHING
                """,
                event.mailoutId(),
                event.text(),
                event.filter().operatorCodes().toArray(String[]::new),
                event.filter().tags().toArray(String[]::new),
                window == null ? null : window.from(),
                window == null ? null : window.to(),
                utc(event.endAt()),
                event.includeLateJoiners(),
                event.channel().name(),
                event.email() == null ? null : event.email().subject(),
                event.email() == null ? null : event.email().html());
        if (inserted == 1 && !replay.isReplay() && !awaitsItsOriginal(event.mailoutId())) {
            publish(new AudienceFixed(event.mailoutId(), now()));
        }
    }

    @EventHandler
    void on(FollowUpScheduled event) {
        jdbc.update(
                "INSERT INTO sending.follow_up (mailout_id, follow_up_of) VALUES (?, ?) ON CONFLICT DO NOTHING",
                event.mailoutId(),
                event.followUpOf());
    }

    @EventHandler
    void on(MessageFailed event) {
        undelivered(event.mailoutId(), event.customerId());
    }

    @EventHandler
    void on(MessageExpired event) {
        undelivered(event.mailoutId(), event.customerId());
    }

    /** The mailout's undelivered list is complete now: its started follow-ups that waited for it are released. */
    @EventHandler
    void on(MailoutCompleted event, ReplayStatus replay) {
        int completed = jdbc.update(
                "UPDATE sending.dispatch_mailout SET dispatch_completed = TRUE"
                        + " WHERE mailout_id = ? AND NOT dispatch_completed",
                event.mailoutId());
        if (completed == 0 || replay.isReplay()) {
            return;
        }
        List<UUID> waiting = jdbc.queryForList("""
                SELECT f.mailout_id FROM sending.follow_up f
                  JOIN sending.dispatch_mailout m ON m.mailout_id = f.mailout_id
                 WHERE f.follow_up_of = ? AND m.state IN ('RUNNING', 'PAUSED')
                """, UUID.class, event.mailoutId());
        for (UUID followUp : waiting) {
            publish(new AudienceFixed(followUp, now()));
        }
    }

    @EventHandler
    void on(MailoutPaused event) {
        jdbc.update(
                "UPDATE sending.dispatch_mailout SET state = 'PAUSED' WHERE mailout_id = ? AND state = 'RUNNING'",
                event.mailoutId());
    }

    @EventHandler
    void on(MailoutResumed event) {
        jdbc.update(
                "UPDATE sending.dispatch_mailout SET state = 'RUNNING' WHERE mailout_id = ? AND state = 'PAUSED'",
                event.mailoutId());
    }

    @EventHandler
    void on(MailoutCancelled event, ReplayStatus replay) {
        end(event.mailoutId(), "CANCELLED", replay);
    }

    @EventHandler
    void on(MailoutClosed event, ReplayStatus replay) {
        end(event.mailoutId(), "CLOSED", replay);
    }

    /** Remembers a mailout's customer who was not reached; a one-off has no follow-up, and is not remembered. */
    private void undelivered(UUID mailoutId, UUID customerId) {
        if (Transactional.is(mailoutId)) {
            return;
        }
        jdbc.update(
                "INSERT INTO sending.undelivered (mailout_id, customer_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                mailoutId,
                customerId);
    }

    /** Whether the mailout is a follow-up of a mailout that started and whose dispatch has not completed yet. */
    private boolean awaitsItsOriginal(UUID mailoutId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM sending.follow_up f
                                 JOIN sending.dispatch_mailout o ON o.mailout_id = f.follow_up_of
                                WHERE f.mailout_id = ? AND NOT o.dispatch_completed)
                """, Boolean.class, mailoutId));
    }

    private void end(UUID mailoutId, String state, ReplayStatus replay) {
        int ended = jdbc.update(
                "UPDATE sending.dispatch_mailout SET state = ? WHERE mailout_id = ? AND state IN ('RUNNING', 'PAUSED')",
                state,
                mailoutId);
        if (ended == 1 && !replay.isReplay()) {
            publish(new AudienceClosed(mailoutId, now()));
        }
    }

    private void publish(Object event) {
        eventBus.publish(GenericEventMessage.asEventMessage(event));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }
}

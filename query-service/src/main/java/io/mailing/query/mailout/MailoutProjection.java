package io.mailing.query.mailout;

import io.mailing.events.mailout.FollowUpScheduled;
import io.mailing.events.mailout.MailoutCancelled;
import io.mailing.events.mailout.MailoutChanged;
import io.mailing.events.mailout.MailoutClosed;
import io.mailing.events.mailout.MailoutFollowUpCreated;
import io.mailing.events.mailout.MailoutPaused;
import io.mailing.events.mailout.MailoutResumed;
import io.mailing.events.mailout.MailoutScheduled;
import io.mailing.events.mailout.MailoutStarted;
import io.mailing.platform.subjects.Subjects;
import io.mailing.query.projection.Positions;
import io.mailing.query.projection.QueryProjections;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code query.mailout} by folding each mailout's events ({@link MailoutRow}). Its processor reads all of a
 * mailout's events in one sequence, so a mailout's row exists before anything else about it arrives.
 */
@Component
@ProcessingGroup(QueryProjections.MAILOUTS)
class MailoutProjection {

    private final MailoutStore store;

    MailoutProjection(MailoutStore store) {
        this.store = store;
    }

    @EventHandler
    void on(MailoutScheduled event, @Timestamp Instant at, TrackingToken token) {
        store.insert(MailoutRow.scheduled(event, at), Positions.of(token));
    }

    @EventHandler
    void on(MailoutChanged event, @Timestamp Instant at, TrackingToken token) {
        apply(event, at, token);
    }

    @EventHandler
    void on(MailoutStarted event, @Timestamp Instant at, TrackingToken token) {
        apply(event, at, token);
    }

    @EventHandler
    void on(MailoutPaused event, @Timestamp Instant at, TrackingToken token) {
        apply(event, at, token);
    }

    @EventHandler
    void on(MailoutResumed event, @Timestamp Instant at, TrackingToken token) {
        apply(event, at, token);
    }

    @EventHandler
    void on(MailoutCancelled event, @Timestamp Instant at, TrackingToken token) {
        apply(event, at, token);
    }

    @EventHandler
    void on(MailoutClosed event, @Timestamp Instant at, TrackingToken token) {
        apply(event, at, token);
    }

    @EventHandler
    void on(FollowUpScheduled event, @Timestamp Instant at, TrackingToken token) {
        apply(event, at, token);
    }

    @EventHandler
    void on(MailoutFollowUpCreated event, @Timestamp Instant at, TrackingToken token) {
        apply(event, at, token);
    }

    @ResetHandler
    void reset() {
        store.clear();
    }

    private void apply(Object event, Instant at, TrackingToken token) {
        store.find(Subjects.of(event).mailoutId())
                .ifPresent(mailout -> store.update(mailout.apply(event, at), Positions.of(token)));
    }
}

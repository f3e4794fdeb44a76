package io.mailing.query.mailout;

import io.mailing.events.mailout.MailoutEvent;
import io.mailing.events.mailout.MailoutScheduled;
import io.mailing.query.projection.QueryProjections;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
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
    void on(MailoutScheduled event, @Timestamp Instant at, @SequenceNumber long sequence) {
        store.insert(MailoutRow.scheduled(event, at), sequence);
    }

    /** Every later event of the mailout (a more specific handler above takes its {@link MailoutScheduled}). */
    @EventHandler
    void on(MailoutEvent event, @Timestamp Instant at, @SequenceNumber long sequence) {
        store.find(event.mailoutId()).ifPresent(mailout -> store.update(mailout.apply(event, at), sequence));
    }

    @ResetHandler
    void reset() {
        store.clear();
    }
}

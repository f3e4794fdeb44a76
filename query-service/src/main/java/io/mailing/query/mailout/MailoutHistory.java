package io.mailing.query.mailout;

import io.mailing.events.mailout.MailoutScheduled;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * A mailout as it was at an earlier instant: its own events up to that instant, read from the event store and
 * folded as the read model folds them ({@link MailoutRow}).
 */
@Component
class MailoutHistory {

    private final EventStore eventStore;

    MailoutHistory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** The mailout as of {@code instant}; empty when it did not exist yet (or is no mailout at all). */
    Optional<MailoutRow> asOf(UUID id, Instant instant) {
        DomainEventStream events = eventStore.readEvents(id.toString());
        MailoutRow mailout = null;
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            if (event.getTimestamp().isAfter(instant)) {
                break;
            }
            if (mailout != null) {
                mailout = mailout.apply(event.getPayload(), event.getTimestamp());
            } else if (event.getPayload() instanceof MailoutScheduled scheduled) {
                mailout = MailoutRow.scheduled(scheduled, event.getTimestamp());
            } else {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(mailout);
    }
}

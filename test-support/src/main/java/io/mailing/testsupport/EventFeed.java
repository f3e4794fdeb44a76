package io.mailing.testsupport;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends the events another service would append (customers registering, mailouts starting, messages sent)
 * straight to the shared event store, so a service is tested through the published language only, as it runs
 * when split.
 */
public final class EventFeed {

    private static final int CHUNK = 1_000;

    private final EventStore eventStore;
    private final TransactionTemplate transactions;
    private final Map<UUID, AtomicLong> sequences = new ConcurrentHashMap<>();

    public EventFeed(EventStore eventStore, TransactionTemplate transactions) {
        this.eventStore = eventStore;
        this.transactions = transactions;
    }

    /** Appends one event of the aggregate (a customer or a mailout), next in its sequence. */
    public void append(String aggregateType, UUID aggregateId, Object payload) {
        append(aggregateType, aggregateId, payload, Map.of());
    }

    /** Appends one event of the aggregate with this metadata (who caused it, say), next in its sequence. */
    public void append(String aggregateType, UUID aggregateId, Object payload, Map<String, ?> metaData) {
        appendAll(aggregateType, List.of(new Event(aggregateId, payload, metaData)));
    }

    /** Appends an event no aggregate applies, such as one a saga publishes. */
    public void publish(Object payload) {
        transactions.executeWithoutResult(status -> eventStore.publish(GenericEventMessage.asEventMessage(payload)));
    }

    /** Appends many events, a thousand per transaction. */
    public void appendAll(String aggregateType, List<Event> events) {
        for (int from = 0; from < events.size(); from += CHUNK) {
            List<EventMessage<?>> chunk = events.subList(from, Math.min(events.size(), from + CHUNK)).stream()
                    .<EventMessage<?>>map(e -> message(aggregateType, e))
                    .toList();
            transactions.executeWithoutResult(status -> eventStore.publish(chunk));
        }
    }

    private DomainEventMessage<?> message(String aggregateType, Event event) {
        long sequence = sequences
                .computeIfAbsent(event.aggregateId(), id -> new AtomicLong())
                .getAndIncrement();
        return new GenericDomainEventMessage<>(
                aggregateType, event.aggregateId().toString(), sequence, event.payload(), event.metaData());
    }

    public record Event(UUID aggregateId, Object payload, Map<String, ?> metaData) {

        public Event(UUID aggregateId, Object payload) {
            this(aggregateId, payload, Map.of());
        }
    }
}

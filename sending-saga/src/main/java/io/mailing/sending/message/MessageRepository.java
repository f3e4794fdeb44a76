package io.mailing.sending.message;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * The messages' repository: event-sourced, except that a message whose {@link MessageSnapshot} the current unit of
 * work was given ({@link #offer}) is built from that snapshot instead of from its events. Recording a batch of
 * attempt outcomes so reads no events at all; the snapshot's version is the version check: the outcome's events are
 * appended after it, and the event store's unique (aggregate, sequence number) refuses them if any other event of the
 * message was appended since (by another node whose lease took over, say), which fails the unit of work and leaves
 * the caller to record the outcome again from the events.
 */
public final class MessageRepository extends EventSourcingRepository<Message> {

    private static final String SNAPSHOTS = MessageRepository.class.getName() + ".snapshots";

    private MessageRepository(Builder builder) {
        super(builder);
    }

    static Builder builder() {
        return new Builder();
    }

    /**
     * Lets the messages' next load in the current unit of work (which must be started) come from these snapshots. A
     * snapshot is used once: a message loaded again in the same unit of work is the one loaded first.
     */
    public static void offer(Collection<MessageSnapshot> snapshots) {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        Map<String, MessageSnapshot> offered = root.getOrComputeResource(SNAPSHOTS, key -> new HashMap<>());
        snapshots.forEach(snapshot -> offered.put(snapshot.id().toString(), snapshot));
    }

    @Override
    protected DomainEventStream readEvents(String aggregateIdentifier) {
        MessageSnapshot snapshot = CurrentUnitOfWork.isStarted()
                ? CurrentUnitOfWork.get()
                        .root()
                        .<Map<String, MessageSnapshot>>getOrDefaultResource(SNAPSHOTS, Map.of())
                        .get(aggregateIdentifier)
                : null;
        if (snapshot == null) {
            return super.readEvents(aggregateIdentifier);
        }
        CurrentUnitOfWork.get()
                .root()
                .<Map<String, MessageSnapshot>>getResource(SNAPSHOTS)
                .remove(aggregateIdentifier);
        // A snapshot event, as Axon's own snapshots are: its payload is the aggregate itself.
        return DomainEventStream.of(new GenericDomainEventMessage<>(
                Message.class.getSimpleName(), aggregateIdentifier, snapshot.version(), Message.pending(snapshot)));
    }

    /** Builds the repository; the rest is {@link EventSourcingRepository.Builder}'s. */
    static final class Builder extends EventSourcingRepository.Builder<Message> {

        private Builder() {
            super(Message.class);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R extends EventSourcingRepository<Message>> R build() {
            return (R) new MessageRepository(this);
        }
    }
}

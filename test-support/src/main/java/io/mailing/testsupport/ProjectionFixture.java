package io.mailing.testsupport;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Hands events to a projection the way its streaming processor does, without a Spring context: through Axon's
 * annotated handler adapter (so {@code @Timestamp}, {@link TrackingToken} and {@code ReplayStatus} parameters resolve
 * as in production), each batch in a unit of work of its own that commits, at global positions that grow by one per
 * event. Given how to tell an event's aggregate, it hands them as an aggregate's events, numbered from 0 per aggregate
 * (so {@code @SequenceNumber} parameters resolve too). The test reads what the projection wrote from its database
 * ({@link MigratedDatabase}).
 */
public final class ProjectionFixture {

    private final AnnotationEventHandlerAdapter projection;
    private final Function<Object, ?> aggregateOf;
    private final Map<Object, Long> positions = new HashMap<>();
    private final Map<Object, GenericDomainEventMessage<?>> stored = new HashMap<>();
    private final Map<Object, Long> sequences = new HashMap<>();
    private long position;
    private Instant time = Instant.parse("2030-01-07T08:00:00Z");

    /** Hands events as events of no aggregate. */
    public ProjectionFixture(Object projection) {
        this(projection, null);
    }

    /** Hands events as events of the aggregate {@code aggregateOf} names. */
    public ProjectionFixture(Object projection, Function<Object, ?> aggregateOf) {
        this.projection = new AnnotationEventHandlerAdapter(projection);
        this.aggregateOf = aggregateOf;
    }

    /** The timestamp of the events handled from now on. */
    public ProjectionFixture at(Instant time) {
        this.time = time;
        return this;
    }

    /** Handles each event in a batch of its own, in order. */
    public ProjectionFixture given(Object... events) {
        for (Object event : events) {
            handle(List.of(next(event)));
        }
        return this;
    }

    /** Handles the events in one batch, in order. */
    public ProjectionFixture when(Object... events) {
        handle(List.of(events).stream().map(this::next).toList());
        return this;
    }

    /**
     * Handles the events in one batch, in order, each filling a gap the processor had passed: committed after an
     * event at a later position had been handled, so each carries the token of the highest position handled so far,
     * as a gap-aware tracking token does, not one of its own.
     */
    public ProjectionFixture whenFillingGaps(Object... events) {
        TrackingToken highestHandled = new GlobalSequenceTrackingToken(position);
        List.of(events).forEach(event -> positions.put(event, position));
        handle(List.of(events).stream()
                .<EventMessage<?>>map(event -> tracked(event, highestHandled))
                .toList());
        return this;
    }

    /**
     * Handles an event handled before once more, at the position it had then, as a processor does when it retries a
     * batch whose token it could not store.
     */
    public ProjectionFixture whenHandlingAgain(Object event) {
        Long first = positions.get(event);
        if (first == null) {
            throw new IllegalArgumentException("Not handled before: " + event);
        }
        handle(List.of(tracked(event, new GlobalSequenceTrackingToken(first))));
        return this;
    }

    /** Handles the event again in a batch of its own, as a replay after a reset does. */
    public ProjectionFixture whenReplaying(Object event) {
        long replayed = ++position;
        TrackingToken token = ReplayToken.createReplayToken(
                new GlobalSequenceTrackingToken(replayed + 1), new GlobalSequenceTrackingToken(replayed));
        handle(List.of(tracked(event, token)));
        return this;
    }

    private EventMessage<?> next(Object event) {
        positions.put(event, ++position);
        return tracked(event, new GlobalSequenceTrackingToken(position));
    }

    private EventMessage<?> tracked(Object event, TrackingToken token) {
        if (aggregateOf == null) {
            return new GenericTrackedEventMessage<>(
                    token, new GenericEventMessage<>(UUID.randomUUID().toString(), event, Map.of(), time));
        }
        return new GenericTrackedDomainEventMessage<>(token, stored.computeIfAbsent(event, this::stored));
    }

    /** The event as its aggregate appended it: numbered once, handled again as it was stored. */
    private GenericDomainEventMessage<?> stored(Object event) {
        Object aggregate = aggregateOf.apply(event);
        long sequence = sequences.merge(aggregate, 0L, (last, first) -> last + 1);
        return new GenericDomainEventMessage<>(
                event.getClass().getSimpleName(),
                aggregate.toString(),
                sequence,
                event,
                Map.of(),
                UUID.randomUUID().toString(),
                time);
    }

    private void handle(List<EventMessage<?>> batch) {
        UnitOfWork<EventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(batch.get(0));
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
            for (EventMessage<?> event : batch) {
                if (projection.canHandle(event)) {
                    projection.handle(event);
                }
            }
            return null;
        });
        if (result.isExceptional()) {
            throw new IllegalStateException("The projection failed to handle " + batch, result.exceptionResult());
        }
    }
}

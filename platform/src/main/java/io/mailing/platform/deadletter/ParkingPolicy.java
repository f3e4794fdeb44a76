package io.mailing.platform.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;

/**
 * The enqueue policy of an event handler's processing group: Axon's dead-lettering invoker asks it when a handler
 * failed, and would otherwise park the event at its first failure, a database outage included. It parks only what
 * {@link Parking} says to; otherwise the batch fails, at once or at its commit.
 */
final class ParkingPolicy implements EnqueuePolicy<EventMessage<?>> {

    private final String processor;
    private final Parking parking;

    ParkingPolicy(String processor, Parking parking) {
        this.processor = processor;
        this.parking = parking;
    }

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        return parking.parkOrRetry(processor, letter.message(), cause)
                .<EnqueueDecision<EventMessage<?>>>map(
                        diagnostics -> Decisions.enqueue(ThrowableCause.truncated(cause), parked -> diagnostics))
                .orElseGet(Decisions::doNotEnqueue);
    }
}

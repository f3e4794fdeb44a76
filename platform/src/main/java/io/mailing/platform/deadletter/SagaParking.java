package io.mailing.platform.deadletter;

import java.util.function.Supplier;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.ThrowableCause;

/**
 * Parks a saga's failing event. Axon has no dead-lettering invoker for sagas, whose associations change from event to
 * event, so nothing keeps the later events of the same mailout back: the saga goes on with them, and the parked event
 * waits in the group's queue, in its mailout's sequence, for an operator's retry or eviction. For the processing
 * groups of event handlers, whose dead-lettering invoker propagates every failure to its policy, this handler is
 * never called.
 */
final class SagaParking implements ListenerInvocationErrorHandler {

    private final String processor;
    private final Parking parking;
    private final Supplier<SequencedDeadLetterQueue<EventMessage<?>>> queue;

    SagaParking(String processor, Parking parking, Supplier<SequencedDeadLetterQueue<EventMessage<?>>> queue) {
        this.processor = processor;
        this.parking = parking;
        this.queue = queue;
    }

    @Override
    public void onError(Exception exception, EventMessage<?> event, EventMessageHandler handler) throws Exception {
        if (Isolation.isRetrying()) {
            throw exception;
        }
        var diagnostics = parking.parkOrRetry(processor, event, exception);
        if (diagnostics.isEmpty()) {
            return;
        }
        Object sequence = Parking.sequenceOf(event);
        queue.get()
                .enqueue(
                        sequence,
                        new GenericDeadLetter<>(sequence, event, ThrowableCause.truncated(exception))
                                .withDiagnostics(diagnostics.get()));
    }
}

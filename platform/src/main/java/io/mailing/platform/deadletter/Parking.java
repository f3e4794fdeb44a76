package io.mailing.platform.deadletter;

import io.mailing.platform.subjects.Subjects;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for an event whose handler failed, whether to park it now or to let its batch fail and be retried with
 * the processor's backoff: a failure of the surroundings ({@link Failures}) is always retried, a failure of the event
 * is parked once it has happened {@code maxTries} times, the last of them in an isolated unit of work (where the
 * failed event's work has been rolled back to its savepoint, so the transaction can still record the letter).
 */
final class Parking {

    /** The diagnostics key of the number of times a letter's event has failed. */
    static final String TRIES = "tries";

    private static final Logger log = LoggerFactory.getLogger(Parking.class);

    private final Isolation isolation;
    private final int maxTries;

    Parking(Isolation isolation, int maxTries) {
        this.isolation = isolation;
        this.maxTries = maxTries;
    }

    /**
     * Answers the diagnostics to park {@code event} with, or throws {@code failure} (wrapped when checked) so that the
     * processor rolls the batch back and retries it.
     */
    MetaData parkOrRethrow(String processor, EventMessage<?> event, Throwable failure) {
        if (Failures.isTransient(failure)) {
            throw rethrown(failure);
        }
        int tries = isolation.failed(event.getIdentifier());
        if (tries < maxTries || !CurrentUnitOfWork.isStarted() || !Isolation.isIsolated(CurrentUnitOfWork.get())) {
            throw rethrown(failure);
        }
        isolation.forget(event.getIdentifier());
        ThrowableCause cause = ThrowableCause.truncated(failure);
        log.error(
                "Parked event {} ({}) of aggregate {} in processor {} after {} tries: {}: {}",
                event.getIdentifier(),
                event.getPayloadType().getSimpleName(),
                event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : "-",
                processor,
                tries,
                cause.type(),
                cause.message());
        return MetaData.with(TRIES, tries);
    }

    /** The sequence a parked event of a saga waits in: its mailout's, else its aggregate's, else its own. */
    static Object sequenceOf(EventMessage<?> event) {
        Object mailout = Subjects.of(event.getPayload()).mailoutId();
        if (mailout != null) {
            return mailout.toString();
        }
        return event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : event.getIdentifier();
    }

    private static RuntimeException rethrown(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new EventHandlingFailed(failure);
    }

    /** A checked failure of an event handler, on its way to the processor's retry. */
    static final class EventHandlingFailed extends RuntimeException {
        EventHandlingFailed(Throwable cause) {
            super(cause.toString(), cause);
        }
    }
}

package io.mailing.platform.deadletter;

import io.mailing.platform.subjects.Subjects;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
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

    /** The unit of work's resource that holds the first failure of an event its batch will be retried for. */
    private static final String FAILED = Parking.class.getName() + ".failed";

    private static final Logger log = LoggerFactory.getLogger(Parking.class);

    private final Isolation isolation;
    private final int maxTries;

    Parking(Isolation isolation, int maxTries) {
        this.isolation = isolation;
        this.maxTries = maxTries;
    }

    /**
     * Answers the diagnostics to park {@code event} with, once it has failed {@code maxTries} times, the last in an
     * isolated unit of work. Short of that, in an isolated unit of work (a processor's retry of a failed batch), it
     * answers nothing: the event's work was rolled back to its savepoint, the rest of the batch goes on so that every
     * event of it that fails counts a try in the same retry (one try each per retry, not one event's tries after
     * another's), and the batch fails at its commit, to be retried with the processor's backoff. Otherwise it throws
     * {@code failure} (wrapped when checked) so that the processor rolls the batch back and retries it: a failure of
     * the surroundings, a first failure, or one during an operator's retry (which would take "not parked" for
     * "evicted").
     */
    Optional<MetaData> parkOrRetry(String processor, EventMessage<?> event, Throwable failure) {
        if (Failures.isTransient(failure)) {
            throw rethrown(failure);
        }
        int tries = isolation.failed(event.getIdentifier());
        boolean isolated = CurrentUnitOfWork.isStarted() && Isolation.isIsolated(CurrentUnitOfWork.get());
        if (!isolated) {
            throw rethrown(failure);
        }
        if (tries < maxTries) {
            if (Isolation.isRetrying()) {
                throw rethrown(failure);
            }
            failAtCommit(CurrentUnitOfWork.get().root(), failure);
            return Optional.empty();
        }
        // Its count is forgotten once the letter is stored: a batch that fails for another event rolls the letter back,
        // and the next retry parks it again at once, alongside the others.
        CurrentUnitOfWork.get().root().afterCommit(unitOfWork -> isolation.forget(event.getIdentifier()));
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
        return Optional.of(MetaData.with(TRIES, tries));
    }

    /** Fails the batch when it commits, with the first failure of its events that were not parked. */
    private static void failAtCommit(UnitOfWork<?> batch, Throwable failure) {
        if (batch.resources().putIfAbsent(FAILED, failure) == null) {
            batch.onPrepareCommit(unitOfWork -> {
                throw rethrown((Throwable) unitOfWork.getResource(FAILED));
            });
        }
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

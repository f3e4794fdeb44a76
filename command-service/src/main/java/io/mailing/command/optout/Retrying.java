package io.mailing.command.optout;

import java.util.function.Supplier;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Opting an address out again when a concurrent request for the same address won the race: both meet in one
 * aggregate, so the loser's append fails (its first event's sequence number is taken, or its version is stale), and
 * sent once more it finds the address on the list already. A double click on an unsubscribe page, two imports with
 * the same address or an operator and a recipient at once each get their answer, not a 500.
 */
final class Retrying {

    private Retrying() {}

    /** The command's result; sent once more if it lost a race for its aggregate. */
    static <T> T onceMoreIfRaced(Supplier<T> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            if (!lostARace(e)) {
                throw e;
            }
            return command.get();
        }
    }

    private static boolean lostARace(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException || cause instanceof AggregateStreamCreationException) {
                return true;
            }
        }
        return false;
    }
}

package io.mailing.platform.logging;

import io.mailing.platform.correlation.EventMetadata;
import io.mailing.platform.metrics.AfterCommit;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.EventMessage;

/**
 * One log line for the events a bulk operation appends in one go, instead of one line per event: a batch of an
 * import registers 500 customers at once, and a million-row import would otherwise write a million lines (and
 * spend a fifth of its time formatting them). The line counts the events by type and carries the correlation id,
 * under the same logger as the per-event lines ({@code io.mailing.platform.logging.AxonLogging.events}); the events
 * themselves, each with its ids, are in the event store and the audit trail.
 */
public final class BulkEventLog {

    private static final ThreadLocal<Summary> CURRENT = new ThreadLocal<>();

    private BulkEventLog() {}

    /**
     * Runs {@code work} (on this thread) with the events it appends logged as one line, {@code description} and the
     * count of each type, once their transaction has committed.
     */
    public static void run(String description, Runnable work) {
        Summary previous = CURRENT.get();
        CURRENT.set(new Summary(description));
        try {
            work.run();
        } finally {
            CURRENT.set(previous);
        }
    }

    /** Counts the event into the summary under way, if there is one; false when it is to be logged on its own. */
    static boolean counted(EventMessage<?> event) {
        Summary summary = CURRENT.get();
        if (summary == null) {
            return false;
        }
        summary.add(event);
        return true;
    }

    private static final class Summary {

        private final String description;
        private final Map<String, Integer> counts = new TreeMap<>();
        private Object correlationId;

        Summary(String description) {
            this.description = description;
        }

        void add(EventMessage<?> event) {
            if (counts.isEmpty()) {
                correlationId = event.getMetaData().get(EventMetadata.CORRELATION_ID);
                AfterCommit.run(this::log);
            }
            counts.merge(event.getPayloadType().getSimpleName(), 1, Integer::sum);
        }

        private void log() {
            try (LogContext context =
                    LogContext.of(null, null, null, correlationId == null ? null : correlationId.toString())) {
                AxonLogging.events.info(
                        "{}: {}",
                        description,
                        counts.entrySet().stream()
                                .map(count -> count.getValue() + " " + count.getKey())
                                .collect(Collectors.joining(", ")));
            }
        }
    }
}

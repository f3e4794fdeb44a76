package io.mailing.platform.logging;

import io.mailing.platform.correlation.EventMetadata;
import io.mailing.platform.subjects.Subjects;
import java.util.UUID;
import org.axonframework.messaging.Message;
import org.slf4j.MDC;

/**
 * Puts the ids a piece of work concerns into the logging context ({@link MDC}) and takes them out again, giving back
 * whatever the thread held before, so contexts nest: a command dispatched while handling an event adds its message to
 * the event's mailout and leaves the mailout there when it is done. Structured logs carry the keys as fields, so one
 * id finds every line about it.
 */
public final class LogContext implements AutoCloseable {

    public static final String MAILOUT_ID = "mailoutId";
    public static final String MESSAGE_ID = "messageId";
    public static final String CUSTOMER_ID = "customerId";
    public static final String CORRELATION_ID = "correlationId";

    private static final String[] KEYS = {MAILOUT_ID, MESSAGE_ID, CUSTOMER_ID, CORRELATION_ID};

    private final String[] previous = new String[KEYS.length];

    private LogContext(Object... values) {
        for (int i = 0; i < KEYS.length; i++) {
            previous[i] = MDC.get(KEYS[i]);
            if (values[i] != null) {
                MDC.put(KEYS[i], values[i].toString());
            }
        }
    }

    /** Adds the subjects and correlation id (either may be missing) to the current context. */
    public static LogContext of(Subjects subjects, Object correlationId) {
        return new LogContext(subjects.mailoutId(), subjects.messageId(), subjects.customerId(), correlationId);
    }

    /** Adds what an Axon message (a command or an event) concerns: its payload's subjects, its correlation id. */
    public static LogContext of(Message<?> message) {
        return of(Subjects.of(message.getPayload()), message.getMetaData().get(EventMetadata.CORRELATION_ID));
    }

    /** Adds these ids, each may be {@code null}. */
    public static LogContext of(UUID mailoutId, UUID messageId, UUID customerId, String correlationId) {
        return new LogContext(mailoutId, messageId, customerId, correlationId);
    }

    @Override
    public void close() {
        for (int i = 0; i < KEYS.length; i++) {
            if (previous[i] == null) {
                MDC.remove(KEYS[i]);
            } else {
                MDC.put(KEYS[i], previous[i]);
            }
        }
    }
}

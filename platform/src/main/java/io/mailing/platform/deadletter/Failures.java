package io.mailing.platform.deadletter;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.axonframework.common.AxonTransientException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure of the surroundings from a failure of the event. An event is parked only for a failure that
 * handling it again would repeat (a value the database refuses, a bug); a database or broker that is away, a
 * deadlock, a serialization conflict or a time-out says nothing about the event, so its batch is retried until the
 * surroundings are back, however long that takes, and nothing is parked for it.
 */
final class Failures {

    /** SQLSTATE classes of failures outside the event: connection, transaction rollback, resources, operator, system. */
    private static final Set<String> TRANSIENT_SQL_CLASSES = Set.of("08", "40", "53", "55", "57", "58");

    /** Apache Kafka's failures a retry can cure; every other Kafka client failure is the environment's too. */
    private static final Set<String> KAFKA_FAILURES_OF_THE_RECORD = Set.of(
            "org.apache.kafka.common.errors.RecordTooLargeException",
            "org.apache.kafka.common.errors.SerializationException",
            "org.apache.kafka.common.errors.InvalidTopicException");

    private Failures() {}

    /** Whether anything in the cause chain of {@code failure} says it came from the surroundings. */
    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (isTransientItself(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTransientItself(Throwable cause) {
        if (cause instanceof AxonTransientException
                || cause instanceof SQLTransientException
                || cause instanceof SQLRecoverableException
                || cause instanceof SQLNonTransientConnectionException
                || cause instanceof TransientDataAccessException
                || cause instanceof RecoverableDataAccessException
                || cause instanceof DataAccessResourceFailureException
                || cause instanceof CannotCreateTransactionException
                || cause instanceof IOException
                || cause instanceof InterruptedException
                || cause instanceof java.util.concurrent.TimeoutException) {
            return true;
        }
        if (cause instanceof SQLException sql
                && sql.getSQLState() != null
                && sql.getSQLState().length() >= 2) {
            return TRANSIENT_SQL_CLASSES.contains(sql.getSQLState().substring(0, 2));
        }
        String type = cause.getClass().getName();
        return type.startsWith("org.apache.kafka.") && !KAFKA_FAILURES_OF_THE_RECORD.contains(type);
    }
}

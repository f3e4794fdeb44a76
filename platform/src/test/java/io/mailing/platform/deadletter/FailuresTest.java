package io.mailing.platform.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;

/** What is retried for as long as it lasts, and what counts towards parking an event. */
class FailuresTest {

    @Test
    void aDatabaseThatIsAwayOrBusyIsTheSurroundings() {
        assertThat(Failures.isTransient(sql("08006", "I/O error while sending to the backend")))
                .isTrue();
        assertThat(Failures.isTransient(sql("57P01", "terminating connection due to administrator command")))
                .isTrue();
        assertThat(Failures.isTransient(sql("40001", "could not serialize access")))
                .isTrue();
        assertThat(Failures.isTransient(sql("40P01", "deadlock detected"))).isTrue();
        assertThat(Failures.isTransient(sql("53300", "too many connections"))).isTrue();
        assertThat(Failures.isTransient(new CannotGetJdbcConnectionException(
                        "Failed to obtain JDBC Connection", new SQLTransientConnectionException("timed out"))))
                .isTrue();
        assertThat(Failures.isTransient(new IllegalStateException("wrapped", new ConnectException("refused"))))
                .isTrue();
    }

    @Test
    void aFailureDeepInACommandIsFoundThroughItsCauses() {
        CommandExecutionException failed = new CommandExecutionException(
                "QueueNewMessage failed", new UncategorizedSQLException("insert", "INSERT", sql("08003", "closed")));
        assertThat(Failures.isTransient(failed)).isTrue();
    }

    @Test
    void aValueTheDatabaseRefusesOrABugIsTheEventsOwn() {
        assertThat(Failures.isTransient(new DataIntegrityViolationException(
                        "invalid byte sequence", sql("22021", "invalid byte sequence for encoding UTF8: 0x00"))))
                .isFalse();
        assertThat(Failures.isTransient(new UncategorizedSQLException(
                        "insert", "INSERT", new BatchUpdateException("Batch entry 8 was aborted", "P0001", 0, null))))
                .isFalse();
        assertThat(Failures.isTransient(new IllegalStateException("Mailout has no fixed audience")))
                .isFalse();
        assertThat(Failures.isTransient(new NullPointerException())).isFalse();
        assertThat(Failures.isTransient(new SQLException("no state"))).isFalse();
    }

    private static SQLException sql(String state, String message) {
        return new SQLException(message, state);
    }
}

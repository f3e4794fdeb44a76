package io.mailing.query.message;

import static io.mailing.query.message.MessageRowTest.CUSTOMER;
import static io.mailing.query.message.MessageRowTest.MAILOUT;
import static io.mailing.query.message.MessageRowTest.MESSAGE;
import static io.mailing.query.message.MessageRowTest.QUEUED;
import static io.mailing.query.message.MessageRowTest.QUEUED_AT;
import static io.mailing.query.message.MessageRowTest.attemptFailed;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.events.message.ErrorKind;
import io.mailing.events.message.MessageCancelled;
import io.mailing.events.message.MessageFailed;
import io.mailing.events.message.MessageSent;
import io.mailing.events.message.MessageStatus;
import io.mailing.query.message.FigureChanges.Change;
import io.mailing.query.message.FigureChanges.FailureKey;
import io.mailing.query.message.FigureChanges.MinuteKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FigureChangesTest {

    private final FigureChanges figures = new FigureChanges();

    /** Applies the event to the row as the projection does and records the move. */
    private MessageRow record(MessageRow before, Object event, long position) {
        MessageRow after = before.apply(event, position);
        figures.record(before, after, event);
        return after;
    }

    @Test
    void aMessageThatMovesLeavesOneStatusForAnother() {
        MessageRow queued = MessageRow.queued(QUEUED, 1);
        figures.record(null, queued, QUEUED);
        MessageRow retrying = record(queued, attemptFailed(1, ErrorKind.TIMEOUT, QUEUED_AT.plusSeconds(9)), 2);
        Instant sentAt = QUEUED_AT.plusSeconds(10);
        record(retrying, new MessageSent(MESSAGE, MAILOUT, CUSTOMER, 2, sentAt, sentAt), 3);

        Change change = figures.changes().get(MAILOUT);
        assertThat(change.count(MessageStatus.QUEUED)).isZero();
        assertThat(change.count(MessageStatus.RETRYING)).isZero();
        assertThat(change.count(MessageStatus.SENT)).isEqualTo(1);
        assertThat(change.attempts).isEqualTo(2);
        assertThat(change.failedAttempts).isEqualTo(1);
        assertThat(change.firstQueuedAt).isEqualTo(QUEUED_AT);
        assertThat(change.lastSentAt).isEqualTo(sentAt);
        assertThat(change.lastFinishedAt).isEqualTo(sentAt);
        assertThat(figures.failures().get(new FailureKey(MAILOUT, ErrorKind.TIMEOUT)))
                .containsExactly(1, 0);
    }

    @Test
    void countsAFailedMessageUnderItsErrorKind() {
        MessageRow queued = MessageRow.queued(QUEUED, 1);
        figures.record(null, queued, QUEUED);
        MessageRow attempted = record(queued, attemptFailed(1, ErrorKind.CLIENT_ERROR, null), 2);
        record(
                attempted,
                new MessageFailed(MESSAGE, MAILOUT, CUSTOMER, 1, QUEUED_AT, ErrorKind.CLIENT_ERROR, "400"),
                3);

        Change change = figures.changes().get(MAILOUT);
        assertThat(change.count(MessageStatus.QUEUED)).isZero();
        assertThat(change.count(MessageStatus.FAILED)).isEqualTo(1);
        assertThat(figures.failures().get(new FailureKey(MAILOUT, ErrorKind.CLIENT_ERROR)))
                .containsExactly(1, 1);
    }

    @Test
    void aStatusThatStaysCountsNothing() {
        MessageRow queued = MessageRow.queued(QUEUED, 1);
        MessageRow failedOnce = queued.apply(attemptFailed(1, ErrorKind.TIMEOUT, QUEUED_AT.plusSeconds(5)), 2);

        record(failedOnce, attemptFailed(2, ErrorKind.TIMEOUT, QUEUED_AT.plusSeconds(9)), 3);

        Change change = figures.changes().get(MAILOUT);
        assertThat(change.byStatus).containsOnly(0);
        assertThat(change.attempts).isEqualTo(1);
    }

    @Test
    void countsAMessageInTheMinuteItFirstBecameFinal() {
        MessageRow queued = MessageRow.queued(QUEUED, 1);
        figures.record(null, queued, QUEUED);
        MessageRow retrying = record(queued, attemptFailed(1, ErrorKind.TIMEOUT, QUEUED_AT.plusSeconds(9)), 2);
        assertThat(figures.finishedPerMinute()).as("not final yet").isEmpty();
        Instant sentAt = QUEUED_AT.plusSeconds(70);
        MessageRow sent = record(retrying, new MessageSent(MESSAGE, MAILOUT, CUSTOMER, 2, sentAt, sentAt), 3);
        figures.record(sent, sent.apply(new MessageCancelled(MESSAGE, MAILOUT, CUSTOMER, 2, sentAt), 4), null);

        assertThat(figures.finishedPerMinute())
                .containsExactly(Map.entry(
                        new MinuteKey(MAILOUT, sentAt.truncatedTo(ChronoUnit.MINUTES), MessageStatus.SENT), 1L));
    }
}

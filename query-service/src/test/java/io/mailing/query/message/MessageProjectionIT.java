package io.mailing.query.message;

import static io.mailing.query.message.MessageRowTest.CUSTOMER;
import static io.mailing.query.message.MessageRowTest.MAILOUT;
import static io.mailing.query.message.MessageRowTest.MESSAGE;
import static io.mailing.query.message.MessageRowTest.QUEUED;
import static io.mailing.query.message.MessageRowTest.QUEUED_AT;
import static io.mailing.query.message.MessageRowTest.attemptFailed;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.events.mailout.MailoutCompleted;
import io.mailing.events.message.ErrorKind;
import io.mailing.events.message.MessageFailed;
import io.mailing.events.message.MessageSent;
import io.mailing.events.message.MessageStatus;
import io.mailing.query.statistics.DeliveryFigures;
import io.mailing.query.statistics.DeliveryFigures.FailureReason;
import io.mailing.query.statistics.MessageCounts;
import io.mailing.query.statistics.StatisticsStore;
import io.mailing.testsupport.MigratedDatabase;
import io.mailing.testsupport.ProjectionFixture;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The message rows and a mailout's figures as the projection writes them, on the query schema, without Spring. */
class MessageProjectionIT {

    private static final MigratedDatabase DATABASE = MigratedDatabase.of("query");
    private static final Instant SENT_AT = QUEUED_AT.plusSeconds(40);
    private static final MessageSent SENT = new MessageSent(MESSAGE, MAILOUT, CUSTOMER, 2, SENT_AT, SENT_AT);

    private final MessageStore rows = new MessageStore(DATABASE.jdbc());
    private final StatisticsStore statistics = new StatisticsStore(DATABASE.jdbc());
    private final ProjectionFixture fixture = new ProjectionFixture(new MessageProjection(DATABASE.jdbc(), rows));

    @BeforeEach
    void emptyTheReadModels() {
        DATABASE.empty();
    }

    @Test
    void showsAQueuedMessageAndCountsItForItsMailout() {
        fixture.when(QUEUED);

        assertThat(rows.find(MESSAGE)).hasValueSatisfying(message -> {
            assertThat(message.status()).isEqualTo(MessageStatus.QUEUED);
            assertThat(message.phone()).isEqualTo("79161234567");
            assertThat(message.queuedAt()).isEqualTo(QUEUED_AT);
        });
        assertThat(statistics.counts(MAILOUT).of(MessageStatus.QUEUED)).isEqualTo(1);
        assertThat(statistics.figures(MAILOUT).firstQueuedAt()).isEqualTo(QUEUED_AT);
    }

    @Test
    void foldsAMessagesEventsInOneBatchIntoItsLastStatusAndCountsOnlyThat() {
        fixture.when(QUEUED, attemptFailed(1, ErrorKind.TIMEOUT, QUEUED_AT.plusSeconds(30)), SENT);

        assertThat(rows.find(MESSAGE)).hasValueSatisfying(message -> {
            assertThat(message.status()).isEqualTo(MessageStatus.SENT);
            assertThat(message.attempts()).isEqualTo(2);
            assertThat(message.sentAt()).isEqualTo(SENT_AT);
        });
        DeliveryFigures figures = statistics.figures(MAILOUT);
        assertThat(figures.messages().total()).isEqualTo(1);
        assertThat(figures.messages().of(MessageStatus.SENT)).isEqualTo(1);
        assertThat(figures.attempts()).isEqualTo(2);
        assertThat(figures.failedAttempts()).isEqualTo(1);
        assertThat(figures.failureReasons()).containsExactly(new FailureReason(ErrorKind.TIMEOUT, 1, 0));
        assertThat(figures.lastSentAt()).isEqualTo(SENT_AT);
    }

    @Test
    void movesTheFiguresAcrossBatchesFromOneStatusToTheNext() {
        fixture.given(QUEUED).when(SENT);

        MessageCounts counts = statistics.counts(MAILOUT);
        assertThat(counts.total()).isEqualTo(1);
        assertThat(counts.of(MessageStatus.QUEUED)).isZero();
        assertThat(counts.of(MessageStatus.SENT)).isEqualTo(1);
    }

    @Test
    void anEventHandledAgainChangesNeitherTheMessageNorTheFigures() {
        fixture.given(QUEUED, SENT).whenHandlingAgain(SENT);

        assertThat(statistics.figures(MAILOUT).attempts()).isEqualTo(1);
        assertThat(statistics.counts(MAILOUT).of(MessageStatus.SENT)).isEqualTo(1);
    }

    @Test
    void aQueuingHandledAgainDoesNotBringAFinishedMessageBack() {
        fixture.given(QUEUED, SENT).whenHandlingAgain(QUEUED);

        assertThat(rows.find(MESSAGE))
                .hasValueSatisfying(message -> assertThat(message.status()).isEqualTo(MessageStatus.SENT));
        assertThat(statistics.counts(MAILOUT).total()).isEqualTo(1);
    }

    @Test
    void countsAFailedMessageUnderItsErrorKind() {
        Instant failedAt = QUEUED_AT.plusSeconds(5);

        fixture.given(QUEUED)
                .when(new MessageFailed(MESSAGE, MAILOUT, CUSTOMER, 1, failedAt, ErrorKind.CLIENT_ERROR, "400"));

        DeliveryFigures figures = statistics.figures(MAILOUT);
        assertThat(figures.messages().of(MessageStatus.FAILED)).isEqualTo(1);
        assertThat(figures.failureReasons()).containsExactly(new FailureReason(ErrorKind.CLIENT_ERROR, 0, 1));
        assertThat(figures.lastFinishedAt()).isEqualTo(failedAt);
    }

    @Test
    void ignoresTheEventsOfAMessageItNeverSawQueued() {
        fixture.when(SENT);

        assertThat(rows.find(MESSAGE)).isEmpty();
        assertThat(statistics.counts(MAILOUT).total()).isZero();
    }

    @Test
    void recordsWhenTheSendingSideFoundEveryMessageFinal() {
        Instant completedAt = SENT_AT.plusSeconds(1);

        fixture.given(QUEUED, SENT).when(new MailoutCompleted(MAILOUT, completedAt, 1, 1, 0, 0, 0));

        assertThat(statistics.figures(MAILOUT).dispatchCompletedAt()).isEqualTo(completedAt);
    }
}

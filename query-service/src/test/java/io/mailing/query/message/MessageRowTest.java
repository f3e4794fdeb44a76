package io.mailing.query.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.events.mailout.Channel;
import io.mailing.events.message.ErrorKind;
import io.mailing.events.message.MessageAttemptFailed;
import io.mailing.events.message.MessageCancelled;
import io.mailing.events.message.MessageDeferred;
import io.mailing.events.message.MessageExpired;
import io.mailing.events.message.MessageFailed;
import io.mailing.events.message.MessageQueued;
import io.mailing.events.message.MessageSent;
import io.mailing.events.message.MessageStatus;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageRowTest {

    static final UUID MESSAGE = UUID.fromString("00000000-0000-0000-0000-0000000000e1");
    static final UUID MAILOUT = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    static final UUID CUSTOMER = UUID.fromString("00000000-0000-0000-0000-0000000000c1");
    static final Instant QUEUED_AT = Instant.parse("2026-11-23T10:00:00Z");
    static final Instant END = Instant.parse("2026-11-23T18:00:00Z");
    static final MessageQueued QUEUED = new MessageQueued(
            MESSAGE,
            MAILOUT,
            CUSTOMER,
            42L,
            "79161234567",
            "Sale",
            "UTC",
            null,
            END,
            QUEUED_AT,
            Channel.SMS,
            null,
            null,
            null);

    static MessageAttemptFailed attemptFailed(int attempt, ErrorKind kind, Instant retryAt) {
        Instant at = QUEUED_AT.plusSeconds(attempt);
        return new MessageAttemptFailed(
                MESSAGE, MAILOUT, CUSTOMER, attempt, at, at, kind, kind + " #" + attempt, retryAt);
    }

    @Test
    void isQueuedWithItsRecipient() {
        MessageRow row = MessageRow.queued(QUEUED, 10);

        assertThat(row.status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(row.message().phone()).isEqualTo("79161234567");
        assertThat(row.message().attempts()).isZero();
        assertThat(row.queuedPosition()).isEqualTo(10);
    }

    @Test
    void retriesAfterAFailedAttemptAndKeepsItsLastError() {
        Instant retryAt = QUEUED_AT.plusSeconds(30);

        MessageRow row = MessageRow.queued(QUEUED, 10).apply(attemptFailed(1, ErrorKind.TIMEOUT, retryAt), 11);

        assertThat(row.status()).isEqualTo(MessageStatus.RETRYING);
        assertThat(row.message().attempts()).isEqualTo(1);
        assertThat(row.message().nextAttemptAt()).isEqualTo(retryAt);
        assertThat(row.message().lastError().kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(row.message().lastError().detail()).isEqualTo("TIMEOUT #1");
    }

    @Test
    void isSentByTheAttemptThatSucceeds() {
        Instant sentAt = QUEUED_AT.plusSeconds(40);

        MessageRow row = MessageRow.queued(QUEUED, 10)
                .apply(attemptFailed(1, ErrorKind.SERVER_ERROR, QUEUED_AT.plusSeconds(30)), 11)
                .apply(new MessageSent(MESSAGE, MAILOUT, CUSTOMER, 2, sentAt, sentAt), 12);

        assertThat(row.status()).isEqualTo(MessageStatus.SENT);
        assertThat(row.message().attempts()).isEqualTo(2);
        assertThat(row.message().sentAt()).isEqualTo(sentAt);
        assertThat(row.message().finishedAt()).isEqualTo(sentAt);
        assertThat(row.message().nextAttemptAt()).isNull();
    }

    @Test
    void failsForGoodWithTheReason() {
        Instant failedAt = QUEUED_AT.plusSeconds(1);

        MessageRow row = MessageRow.queued(QUEUED, 10)
                .apply(attemptFailed(1, ErrorKind.CLIENT_ERROR, null), 11)
                .apply(
                        new MessageFailed(
                                MESSAGE, MAILOUT, CUSTOMER, 1, failedAt, ErrorKind.CLIENT_ERROR, "400 bad phone"),
                        12);

        assertThat(row.status()).isEqualTo(MessageStatus.FAILED);
        assertThat(row.message().reason()).isEqualTo("400 bad phone");
        assertThat(row.message().lastError().kind()).isEqualTo(ErrorKind.CLIENT_ERROR);
        assertThat(row.message().finishedAt()).isEqualTo(failedAt);
    }

    @Test
    void waitsForTheWindowThenExpiresOrIsCancelled() {
        Instant until = QUEUED_AT.plusSeconds(3600);
        MessageRow deferred = MessageRow.queued(QUEUED, 10)
                .apply(new MessageDeferred(MESSAGE, MAILOUT, CUSTOMER, 0, QUEUED_AT, until), 11);

        MessageRow expired = deferred.apply(new MessageExpired(MESSAGE, MAILOUT, CUSTOMER, 0, END, "ended"), 12);
        MessageRow cancelled = deferred.apply(new MessageCancelled(MESSAGE, MAILOUT, CUSTOMER, 0, END), 12);

        assertThat(deferred.status()).isEqualTo(MessageStatus.DEFERRED);
        assertThat(deferred.message().nextAttemptAt()).isEqualTo(until);
        assertThat(expired.status()).isEqualTo(MessageStatus.EXPIRED);
        assertThat(expired.message().reason()).isEqualTo("ended");
        assertThat(cancelled.status()).isEqualTo(MessageStatus.CANCELLED);
        assertThat(cancelled.message().finishedAt()).isEqualTo(END);
    }

    @Test
    void ignoresAnEventItHasTakenInAlready() {
        MessageRow sent = MessageRow.queued(QUEUED, 10)
                .apply(new MessageSent(MESSAGE, MAILOUT, CUSTOMER, 1, QUEUED_AT, QUEUED_AT), 12);

        assertThat(sent.apply(attemptFailed(1, ErrorKind.TIMEOUT, END), 11)).isSameAs(sent);
        assertThat(sent.apply(new MessageSent(MESSAGE, MAILOUT, CUSTOMER, 1, QUEUED_AT, QUEUED_AT), 12))
                .isSameAs(sent);
    }
}

package io.mailing.query.message;

import io.mailing.events.message.MessageAttemptFailed;
import io.mailing.events.message.MessageCancelled;
import io.mailing.events.message.MessageDeferred;
import io.mailing.events.message.MessageExpired;
import io.mailing.events.message.MessageFailed;
import io.mailing.events.message.MessageQueued;
import io.mailing.events.message.MessageSent;
import io.mailing.events.message.MessageStatus;
import io.mailing.events.message.MessageSuppressed;
import io.mailing.query.message.MessageView.LastError;
import java.time.Instant;

/**
 * A message as its events describe it, one row of {@code query.message}: the message as the API shows it, and where
 * its events stand in the event stream ({@code queuedPosition}, the global position of its {@link MessageQueued}, keeps
 * a mailout's messages in the order they were queued; {@code lastPosition}, of the last event it took in, makes taking
 * an event in twice change nothing).
 */
record MessageRow(MessageView message, long queuedPosition, long lastPosition) {

    static MessageRow queued(MessageQueued event, long position) {
        return new MessageRow(
                new MessageView(
                        event.messageId(),
                        event.mailoutId(),
                        event.customerId(),
                        event.channel(),
                        event.phone(),
                        event.email(),
                        MessageStatus.QUEUED,
                        0,
                        event.queuedAt(),
                        event.queuedAt(),
                        event.queuedAt(),
                        null,
                        null,
                        null,
                        null),
                position,
                position);
    }

    MessageStatus status() {
        return message.status();
    }

    /** The message after one more of its events, at {@code position}; an event it has taken in changes nothing. */
    MessageRow apply(Object event, long position) {
        if (position <= lastPosition) {
            return this;
        }
        MessageView m = message;
        if (event instanceof MessageDeferred deferred) {
            return next(MessageStatus.DEFERRED, m.attempts(), deferred.deferredAt(), deferred.until(), null, position);
        }
        if (event instanceof MessageAttemptFailed failed) {
            return next(
                    failed.retryAt() != null ? MessageStatus.RETRYING : m.status(),
                    failed.attempt(),
                    failed.failedAt(),
                    failed.retryAt(),
                    m.sentAt(),
                    new LastError(failed.errorKind(), failed.detail(), failed.failedAt()),
                    m.reason(),
                    position);
        }
        if (event instanceof MessageSent sent) {
            return next(
                    MessageStatus.SENT,
                    sent.attempt(),
                    sent.sentAt(),
                    null,
                    sent.sentAt(),
                    m.lastError(),
                    m.reason(),
                    position);
        }
        if (event instanceof MessageFailed failed) {
            return next(MessageStatus.FAILED, failed.attempts(), failed.failedAt(), null, failed.detail(), position);
        }
        if (event instanceof MessageExpired expired) {
            return next(
                    MessageStatus.EXPIRED, expired.attempts(), expired.expiredAt(), null, expired.reason(), position);
        }
        if (event instanceof MessageCancelled cancelled) {
            return next(
                    MessageStatus.CANCELLED,
                    cancelled.attempts(),
                    cancelled.cancelledAt(),
                    null,
                    "the mailout was cancelled",
                    position);
        }
        if (event instanceof MessageSuppressed suppressed) {
            return next(
                    MessageStatus.SUPPRESSED,
                    suppressed.attempts(),
                    suppressed.suppressedAt(),
                    null,
                    suppressed.reason(),
                    position);
        }
        return this;
    }

    private MessageRow next(
            MessageStatus status, int attempts, Instant at, Instant nextAttempt, String why, long position) {
        return next(
                status,
                attempts,
                at,
                nextAttempt,
                message.sentAt(),
                message.lastError(),
                why == null ? message.reason() : why,
                position);
    }

    private MessageRow next(
            MessageStatus status,
            int attempts,
            Instant at,
            Instant nextAttempt,
            Instant sentAt,
            LastError lastError,
            String reason,
            long position) {
        MessageView m = message;
        return new MessageRow(
                new MessageView(
                        m.id(),
                        m.mailoutId(),
                        m.customerId(),
                        m.channel(),
                        m.phone(),
                        m.email(),
                        status,
                        attempts,
                        m.queuedAt(),
                        at,
                        nextAttempt,
                        sentAt,
                        status.isTerminal() ? at : m.finishedAt(),
                        lastError,
                        reason),
                queuedPosition,
                position);
    }
}

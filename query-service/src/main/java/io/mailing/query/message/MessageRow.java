package io.mailing.query.message;

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

/**
 * A message as its events describe it ({@code query.message}): status, attempts, when each step happened and the
 * last error. {@code lastPosition} is the global position of the last event it took in.
 */
record MessageRow(
        UUID id,
        UUID mailoutId,
        UUID customerId,
        String phone,
        MessageStatus status,
        int attempts,
        Instant queuedAt,
        Instant updatedAt,
        Instant nextAttemptAt,
        Instant sentAt,
        Instant finishedAt,
        ErrorKind lastErrorKind,
        String lastErrorDetail,
        Instant lastErrorAt,
        String reason,
        long queuedPosition,
        long lastPosition) {

    static MessageRow queued(MessageQueued event, long position) {
        return new MessageRow(
                event.messageId(),
                event.mailoutId(),
                event.customerId(),
                event.phone(),
                MessageStatus.QUEUED,
                0,
                event.queuedAt(),
                event.queuedAt(),
                event.queuedAt(),
                null,
                null,
                null,
                null,
                null,
                null,
                position,
                position);
    }

    /** The message after one more of its events, at {@code position}; an event it has taken in changes nothing. */
    MessageRow apply(Object event, long position) {
        if (position <= lastPosition) {
            return this;
        }
        if (event instanceof MessageDeferred deferred) {
            return next(MessageStatus.DEFERRED, attempts, deferred.deferredAt(), deferred.until(), null, position);
        }
        if (event instanceof MessageAttemptFailed failed) {
            boolean retrying = failed.retryAt() != null;
            return new MessageRow(
                    id,
                    mailoutId,
                    customerId,
                    phone,
                    retrying ? MessageStatus.RETRYING : status,
                    failed.attempt(),
                    queuedAt,
                    failed.failedAt(),
                    failed.retryAt(),
                    sentAt,
                    finishedAt,
                    failed.errorKind(),
                    failed.detail(),
                    failed.failedAt(),
                    reason,
                    queuedPosition,
                    position);
        }
        if (event instanceof MessageSent sent) {
            return new MessageRow(
                    id,
                    mailoutId,
                    customerId,
                    phone,
                    MessageStatus.SENT,
                    sent.attempt(),
                    queuedAt,
                    sent.sentAt(),
                    null,
                    sent.sentAt(),
                    sent.sentAt(),
                    lastErrorKind,
                    lastErrorDetail,
                    lastErrorAt,
                    reason,
                    queuedPosition,
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
        return this;
    }

    private MessageRow next(
            MessageStatus newStatus, int newAttempts, Instant at, Instant nextAttempt, String why, long position) {
        return new MessageRow(
                id,
                mailoutId,
                customerId,
                phone,
                newStatus,
                newAttempts,
                queuedAt,
                at,
                nextAttempt,
                sentAt,
                newStatus.isTerminal() ? at : finishedAt,
                lastErrorKind,
                lastErrorDetail,
                lastErrorAt,
                why == null ? reason : why,
                queuedPosition,
                position);
    }
}

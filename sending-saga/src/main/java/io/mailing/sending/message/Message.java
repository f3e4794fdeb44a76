package io.mailing.sending.message;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.mailing.events.mailout.DeliveryWindow;
import io.mailing.events.message.ErrorKind;
import io.mailing.events.message.MessageAttemptFailed;
import io.mailing.events.message.MessageCancelled;
import io.mailing.events.message.MessageDeferred;
import io.mailing.events.message.MessageExpired;
import io.mailing.events.message.MessageFailed;
import io.mailing.events.message.MessageQueued;
import io.mailing.events.message.MessageSent;
import io.mailing.events.message.MessageStatus;
import io.mailing.events.message.MessageSuppressed;
import io.mailing.events.message.Transactional;
import io.mailing.sending.message.AttemptResult.Delivered;
import io.mailing.sending.message.AttemptResult.Failed;
import io.mailing.sending.message.MessageCommands.CancelMessage;
import io.mailing.sending.message.MessageCommands.DeferMessage;
import io.mailing.sending.message.MessageCommands.ExpireMessage;
import io.mailing.sending.message.MessageCommands.QueueMessage;
import io.mailing.sending.message.MessageCommands.QueueNewMessage;
import io.mailing.sending.message.MessageCommands.QueueOneOff;
import io.mailing.sending.message.MessageCommands.RecordAttempt;
import io.mailing.sending.message.MessageCommands.SuppressMessage;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One mailout's message to one customer, from queuing to its fate.
 *
 * <p>States, and what moves a message between them:
 *
 * <ul>
 *   <li>queue: {@code QUEUED}; at once {@code DEFERRED} when the customer's local time is outside the delivery
 *       window, or {@code EXPIRED} when the mailout has ended or its window only opens after the end;
 *   <li>defer (delivery found the window closed): {@code DEFERRED} until the window opens, or {@code EXPIRED} when
 *       that is after the end;
 *   <li>attempt outcome: {@code SENT}; {@code RETRYING} until the backoff is over; {@code FAILED} when the provider
 *       refuses the message for good or every allowed attempt failed; {@code EXPIRED} when the retry would fall
 *       after the end;
 *   <li>expire (the mailout ended) and cancel (the mailout was cancelled): {@code EXPIRED}, {@code CANCELLED};
 *   <li>suppress (delivery found the address on the opt-out list of its channel): {@code SUPPRESSED}.
 * </ul>
 *
 * A message is pending while {@code QUEUED}, {@code DEFERRED} or {@code RETRYING}; {@code SENT}, {@code FAILED},
 * {@code EXPIRED}, {@code CANCELLED} and {@code SUPPRESSED} are final, and every command on a final message is a no-op. Whatever would
 * happen at or after the mailout's {@code endAt} (the first attempt, a window opening, a retry) expires the message
 * instead.
 *
 * <p>Every command is idempotent, because each of them can arrive twice or late: the dispatch saga re-releases a
 * batch after a crash, a deadline fires again, a delivery worker dies after the provider answered but before the
 * outcome was recorded, or records it while another node already did. Queuing an existing message changes nothing
 * (its id is derived from mailout and customer); the saga's {@code QueueNewMessage} skips the look-up and fails
 * instead should the message exist. An attempt outcome counts only for the next attempt, number
 * {@code attempts + 1}: an outcome for an attempt already recorded is a duplicate, one for a later number skipped
 * an attempt that never happened, and either would count attempts twice or overwrite a newer fate, so both are
 * ignored rather than rejected (the caller can do nothing better with them). Queuing answers whether it created
 * the message; every other command answers the resulting status, so a caller sees what its stale command found.
 */
@Aggregate(repository = MessageConfiguration.REPOSITORY, commandTargetResolver = "commandTargets")
class Message {

    @AggregateIdentifier
    private MessageId id;

    private UUID mailoutId;
    private UUID customerId;
    private MessageStatus status;
    private int attempts;
    private Instant endAt;
    private DeliveryWindow deliveryWindow;
    private ZoneId timeZone;

    Message() {}

    /**
     * The message as its snapshot describes it: pending ({@code QUEUED}, or {@code RETRYING} after a failed attempt;
     * a deferral is not told apart, as nothing the message decides depends on it).
     */
    static Message pending(MessageSnapshot snapshot) {
        Message message = new Message();
        message.id = snapshot.id();
        message.mailoutId = snapshot.mailoutId();
        message.customerId = snapshot.customerId();
        message.status = snapshot.attempts() == 0 ? MessageStatus.QUEUED : MessageStatus.RETRYING;
        message.attempts = snapshot.attempts();
        message.endAt = snapshot.endAt();
        message.deliveryWindow = snapshot.deliveryWindow();
        message.timeZone = snapshot.timeZone();
        return message;
    }

    /** Answers {@code true} when it queued a new message, {@code false} when the message existed already. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(QueueMessage command) {
        if (id != null) {
            return false;
        }
        queue(command);
        return true;
    }

    @CommandHandler
    Message(QueueNewMessage command) {
        queue(command.queue());
    }

    /** A one-off message: queued once, under its own random id, to be sent before its end. */
    @CommandHandler
    Message(QueueOneOff command) {
        Instant now = now();
        queued(new MessageQueued(
                command.messageId().value(),
                Transactional.mailoutOf(command.channel()),
                command.customerId(),
                command.messageId().providerMessageId(),
                command.phone(),
                command.text(),
                ZoneOffset.UTC.getId(),
                null,
                command.sendBefore(),
                now,
                command.channel(),
                command.email(),
                command.subject(),
                command.html()));
    }

    private void queue(QueueMessage command) {
        queued(new MessageQueued(
                command.messageId().value(),
                command.mailoutId(),
                command.customerId(),
                command.messageId().providerMessageId(),
                command.phone(),
                command.text(),
                command.timeZone(),
                command.deliveryWindow(),
                command.endAt(),
                now(),
                command.channel(),
                command.email(),
                null,
                null));
    }

    /**
     * Queues the message and, once its state is applied (after construction, when created by a constructor), expires
     * or defers it at once when its end has come or the window is closed.
     */
    private void queued(MessageQueued event) {
        Instant now = event.queuedAt();
        apply(event).andThen(() -> {
            if (!now.isBefore(endAt)) {
                expire(now, "queued after the mailout's end at " + endAt);
            } else if (outsideWindow(now)) {
                deferOrExpire(now);
            }
        });
    }

    @CommandHandler
    MessageStatus handle(DeferMessage command) {
        Instant now = now();
        if (!status.isTerminal() && outsideWindow(now)) {
            deferOrExpire(now);
        }
        return status;
    }

    @CommandHandler
    MessageStatus handle(RecordAttempt command, RetryPolicy retryPolicy) {
        if (status.isTerminal() || command.attempt() != attempts + 1) {
            return status;
        }
        if (command.result() instanceof Failed failed) {
            recordFailure(command, failed, retryPolicy);
        } else if (command.result() instanceof Delivered) {
            apply(new MessageSent(
                    id.value(), mailoutId, customerId, command.attempt(), command.startedAt(), command.finishedAt()));
        }
        return status;
    }

    @CommandHandler
    MessageStatus handle(ExpireMessage command) {
        if (!status.isTerminal()) {
            expire(now(), command.reason());
        }
        return status;
    }

    @CommandHandler
    MessageStatus handle(CancelMessage command) {
        if (!status.isTerminal()) {
            apply(new MessageCancelled(id.value(), mailoutId, customerId, attempts, now()));
        }
        return status;
    }

    @CommandHandler
    MessageStatus handle(SuppressMessage command) {
        if (!status.isTerminal()) {
            apply(new MessageSuppressed(
                    id.value(), mailoutId, customerId, attempts, now(), command.optOutId(), command.reason()));
        }
        return status;
    }

    /**
     * {@code UNAUTHORIZED} says our credentials are wrong, nothing about the message: the provider never judged it.
     * Recording it would burn one of the message's attempts (or fail it outright) for a fault of ours, so the
     * outcome is dropped, the message stays pending and the next attempt reuses the same number; delivery pauses
     * for the provider until the credentials are fixed.
     */
    private void recordFailure(RecordAttempt command, Failed failed, RetryPolicy retryPolicy) {
        ErrorKind kind = failed.kind();
        if (kind == ErrorKind.UNAUTHORIZED) {
            return;
        }
        Instant now = now();
        int attempt = command.attempt();
        if (!kind.isRetryable()) {
            applyAttemptFailed(command, failed, null);
            apply(new MessageFailed(id.value(), mailoutId, customerId, attempts, now, kind, failed.detail()));
        } else if (attempt >= retryPolicy.maxAttempts()) {
            applyAttemptFailed(command, failed, null);
            String detail = "gave up after " + attempt + " attempts; the last one: " + failed.detail();
            apply(new MessageFailed(id.value(), mailoutId, customerId, attempts, now, kind, detail));
        } else {
            Instant retryAt = retryPolicy.retryAt(attempt, now, failed.retryAfter());
            if (retryAt.isBefore(endAt)) {
                applyAttemptFailed(command, failed, retryAt);
            } else {
                applyAttemptFailed(command, failed, null);
                expire(now, "the retry at " + retryAt + " would fall after the mailout's end at " + endAt);
            }
        }
    }

    private void applyAttemptFailed(RecordAttempt command, Failed failed, Instant retryAt) {
        apply(new MessageAttemptFailed(
                id.value(),
                mailoutId,
                customerId,
                command.attempt(),
                command.startedAt(),
                command.finishedAt(),
                failed.kind(),
                failed.detail(),
                retryAt));
    }

    private boolean outsideWindow(Instant now) {
        return deliveryWindow != null && !deliveryWindow.isOpenAt(now, timeZone);
    }

    private void deferOrExpire(Instant now) {
        Instant until = deliveryWindow.nextOpening(now, timeZone);
        if (until.isBefore(endAt)) {
            apply(new MessageDeferred(id.value(), mailoutId, customerId, attempts, now, until));
        } else {
            expire(now, "the delivery window only opens at " + until + ", after the mailout's end at " + endAt);
        }
    }

    private void expire(Instant now, String reason) {
        apply(new MessageExpired(id.value(), mailoutId, customerId, attempts, now, reason));
    }

    /** Axon's clock: the system clock in production, the simulated time in fixture tests. */
    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    @EventSourcingHandler
    void on(MessageQueued event) {
        id = new MessageId(event.messageId());
        mailoutId = event.mailoutId();
        customerId = event.customerId();
        status = MessageStatus.QUEUED;
        attempts = 0;
        endAt = event.endAt();
        deliveryWindow = event.deliveryWindow();
        timeZone = ZoneId.of(event.timeZone());
    }

    @EventSourcingHandler
    void on(MessageDeferred event) {
        status = MessageStatus.DEFERRED;
    }

    @EventSourcingHandler
    void on(MessageAttemptFailed event) {
        attempts = event.attempt();
        if (event.retryAt() != null) {
            status = MessageStatus.RETRYING;
        }
    }

    @EventSourcingHandler
    void on(MessageSent event) {
        attempts = event.attempt();
        status = MessageStatus.SENT;
    }

    @EventSourcingHandler
    void on(MessageFailed event) {
        status = MessageStatus.FAILED;
    }

    @EventSourcingHandler
    void on(MessageExpired event) {
        status = MessageStatus.EXPIRED;
    }

    @EventSourcingHandler
    void on(MessageCancelled event) {
        status = MessageStatus.CANCELLED;
    }

    @EventSourcingHandler
    void on(MessageSuppressed event) {
        status = MessageStatus.SUPPRESSED;
    }
}

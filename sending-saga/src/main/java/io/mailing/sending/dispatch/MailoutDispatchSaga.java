package io.mailing.sending.dispatch;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.mailing.events.mailout.AudienceBatchReleased;
import io.mailing.events.mailout.AudienceClosed;
import io.mailing.events.mailout.AudienceFixed;
import io.mailing.events.mailout.MailoutCancelled;
import io.mailing.events.mailout.MailoutClosed;
import io.mailing.events.mailout.MailoutCompleted;
import io.mailing.events.mailout.MailoutStarted;
import io.mailing.events.message.MessageCancelled;
import io.mailing.events.message.MessageExpired;
import io.mailing.events.message.MessageFailed;
import io.mailing.events.message.MessageQueued;
import io.mailing.events.message.MessageSent;
import io.mailing.events.message.MessageSuppressed;
import io.mailing.sending.message.MessageCommands.QueueMessage;
import io.mailing.sending.message.MessageCommands.QueueNewMessage;
import io.mailing.sending.message.MessageId;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

/**
 * Dispatches one started mailout. Once the audience projection has fixed its audience, the saga releases it in
 * batches: each batch queues one message per customer and announces itself ({@link AudienceBatchReleased}), all in
 * the transaction that advances the saga's cursor, and handling that announcement releases the next batch. A crash
 * therefore resumes at the last committed cursor, and a batch queued twice changes nothing: message ids are
 * deterministic, and the saga looks the whole batch up in one query and creates only the messages not there yet,
 * without loading each one (a message created meanwhile by someone else fails the batch, which is then retried).
 *
 * <p>The saga holds counters and a cursor, never per-message state. It counts the messages queued and their final
 * statuses, and publishes {@link MailoutCompleted} once the release is over, every queued message is final and, with
 * late joiners on, the audience has closed. Each message's {@code MessageQueued} precedes the announcement of its
 * batch (or, for a late joiner, {@link AudienceClosed}) in the event stream, so no message can be missing from the
 * count when the saga decides.
 *
 * <p>Public only because Axon instantiates sagas through their public no-argument constructor; its handlers stay
 * package-private.
 */
@Saga
@ProcessingGroup(MailoutDispatchSaga.PROCESSING_GROUP)
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class MailoutDispatchSaga {

    static final String PROCESSING_GROUP = "mailout-dispatch";
    static final String MAILOUT_ID = "mailoutId";

    private UUID mailoutId;
    private boolean lateJoiners;
    private UUID cursor;
    private int batchesReleased;
    private int batchesAnnounced;
    private boolean lastBatchAnnounced;
    private boolean stopped;
    private boolean audienceClosed;
    private long queued;
    private long sent;
    private long failed;
    private long expired;
    private long cancelled;
    private long suppressed;

    @StartSaga
    @SagaEventHandler(associationProperty = MAILOUT_ID)
    void on(MailoutStarted event) {
        mailoutId = event.mailoutId();
        lateJoiners = event.includeLateJoiners();
    }

    @SagaEventHandler(associationProperty = MAILOUT_ID)
    void on(
            AudienceFixed event,
            Audience audience,
            QueuedMessages messages,
            CommandGateway commands,
            EventBus eventBus) {
        releaseNextBatch(audience, messages, commands, eventBus);
    }

    @SagaEventHandler(associationProperty = MAILOUT_ID)
    void on(
            AudienceBatchReleased event,
            @Timestamp Instant at,
            Audience audience,
            QueuedMessages messages,
            CommandGateway commands,
            EventBus eventBus) {
        batchesAnnounced++;
        lastBatchAnnounced = event.last();
        if (!event.last()) {
            releaseNextBatch(audience, messages, commands, eventBus);
        }
        completeIfDone(at, eventBus);
    }

    @SagaEventHandler(associationProperty = MAILOUT_ID)
    void on(MailoutCancelled event, @Timestamp Instant at, EventBus eventBus) {
        stopped = true;
        completeIfDone(at, eventBus);
    }

    @SagaEventHandler(associationProperty = MAILOUT_ID)
    void on(MailoutClosed event, @Timestamp Instant at, EventBus eventBus) {
        stopped = true;
        completeIfDone(at, eventBus);
    }

    @SagaEventHandler(associationProperty = MAILOUT_ID)
    void on(AudienceClosed event, @Timestamp Instant at, EventBus eventBus) {
        audienceClosed = true;
        completeIfDone(at, eventBus);
    }

    @SagaEventHandler(associationProperty = MAILOUT_ID)
    void on(MessageQueued event) {
        queued++;
    }

    @SagaEventHandler(associationProperty = MAILOUT_ID)
    void on(MessageSent event, @Timestamp Instant at, EventBus eventBus) {
        sent++;
        completeIfDone(at, eventBus);
    }

    @SagaEventHandler(associationProperty = MAILOUT_ID)
    void on(MessageFailed event, @Timestamp Instant at, EventBus eventBus) {
        failed++;
        completeIfDone(at, eventBus);
    }

    @SagaEventHandler(associationProperty = MAILOUT_ID)
    void on(MessageExpired event, @Timestamp Instant at, EventBus eventBus) {
        expired++;
        completeIfDone(at, eventBus);
    }

    @SagaEventHandler(associationProperty = MAILOUT_ID)
    void on(MessageCancelled event, @Timestamp Instant at, EventBus eventBus) {
        cancelled++;
        completeIfDone(at, eventBus);
    }

    @SagaEventHandler(associationProperty = MAILOUT_ID)
    void on(MessageSuppressed event, @Timestamp Instant at, EventBus eventBus) {
        suppressed++;
        completeIfDone(at, eventBus);
    }

    private void releaseNextBatch(
            Audience audience, QueuedMessages messages, CommandGateway commands, EventBus eventBus) {
        if (stopped) {
            return;
        }
        DispatchedMailout mailout = audience.mailout(mailoutId)
                .orElseThrow(() -> new IllegalStateException("Mailout " + mailoutId + " has no fixed audience"));
        Release release = audience.next(mailoutId, cursor);
        List<QueueMessage> queue = release.recipients().stream()
                .map(recipient -> mailout.messageTo(
                        recipient.customerId(), recipient.phone(), recipient.email(), recipient.timeZone()))
                .toList();
        Set<MessageId> queued =
                messages.existing(queue.stream().map(QueueMessage::messageId).toList());
        for (QueueMessage message : queue) {
            if (!queued.contains(message.messageId())) {
                commands.sendAndWait(new QueueNewMessage(message));
            }
        }
        if (release.cursor() != null) {
            cursor = release.cursor();
        }
        batchesReleased++;
        eventBus.publish(GenericEventMessage.asEventMessage(
                new AudienceBatchReleased(mailoutId, batchesReleased, queue.size(), cursor, release.last())));
    }

    /**
     * The release is over when its last batch was announced, or when the mailout stopped and every batch released
     * before that was announced (so their messages are all counted).
     */
    private boolean releaseOver() {
        return lastBatchAnnounced || (stopped && batchesAnnounced == batchesReleased);
    }

    private void completeIfDone(Instant at, EventBus eventBus) {
        long terminal = sent + failed + expired + cancelled + suppressed;
        if (releaseOver() && terminal == queued && (!lateJoiners || audienceClosed)) {
            eventBus.publish(GenericEventMessage.asEventMessage(
                    new MailoutCompleted(mailoutId, at, queued, sent, failed, expired, cancelled, suppressed)));
            SagaLifecycle.end();
        }
    }
}

package io.mailing.sending.delivery;

import io.mailing.platform.background.BackgroundLoop;
import io.mailing.platform.background.BackgroundPriority;
import io.mailing.sending.delivery.DeliveryQueue.QueuedMessage;
import io.mailing.sending.message.MessageCommands.CancelMessage;
import io.mailing.sending.message.MessageCommands.ExpireMessage;
import io.mailing.sending.message.MessageId;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finalises what can no longer be sent: every pending message of a cancelled mailout becomes {@code CANCELLED}, and
 * every pending message whose mailout has ended becomes {@code EXPIRED} — at the end itself, whether or not the
 * mailout's close has been seen yet. Works in batches, each locked and finalised in one transaction
 * ({@code SKIP LOCKED}, so several nodes share the work); messages leased to an attempt under way are left to its
 * outcome. Each sweep also deletes the leases that have run out (their messages of a batch row not recorded yet
 * get rows of the queue), then the batch rows that hold nothing anyone needs, and vacuums the queue's tables when
 * their dead rows have reached {@code vacuumDeadRows} ({@link QueueVacuum}).
 */
class PendingSweeper extends BackgroundLoop {

    static final String EXPIRY_REASON = "still pending when the mailout ended";

    private static final Logger log = LoggerFactory.getLogger(PendingSweeper.class);
    private static final int BATCH = 500;

    private final DeliveryQueue queue;
    private final QueueVacuum vacuum;
    private final CommandGateway commands;
    private final TransactionTemplate transactions;
    private final Duration interval;
    private final long vacuumDeadRows;

    PendingSweeper(
            DeliveryQueue queue,
            QueueVacuum vacuum,
            CommandGateway commands,
            TransactionTemplate transactions,
            Duration interval,
            long vacuumDeadRows,
            BackgroundPriority priority) {
        super("delivery-sweeper", DeliveryWorker.PHASE, priority);
        this.queue = queue;
        this.vacuum = vacuum;
        this.commands = commands;
        this.transactions = transactions;
        this.interval = interval;
        this.vacuumDeadRows = vacuumDeadRows;
    }

    /** A sweep every interval, the first one interval after the start. */
    @Override
    protected void run() {
        try {
            while (pause(interval)) {
                sweep();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sweep() {
        try {
            finalise(queue::lockCancelled, CancelMessage::new);
            finalise(queue::lockEnded, id -> new ExpireMessage(id, EXPIRY_REASON));
        } catch (RuntimeException e) {
            log.warn("Finalising pending messages of cancelled or ended mailouts failed; trying again shortly", e);
        }
        try {
            queue.dropRunOutLeases();
            queue.deleteClaimedBatches();
            if (vacuum.vacuumIfNeeded(vacuumDeadRows)) {
                log.debug("Vacuumed the delivery queue");
            }
        } catch (RuntimeException e) {
            log.warn("Tidying the delivery queue (leases run out, vacuum) failed; trying again at the next sweep", e);
        }
    }

    private void finalise(IntFunction<List<QueuedMessage>> lock, Function<MessageId, Object> command) {
        int done;
        do {
            done = transactions.execute(status -> {
                List<QueuedMessage> messages = lock.apply(BATCH);
                messages.forEach(m -> commands.sendAndWait(m.origin().of(command.apply(m.messageId()))));
                return messages.size();
            });
        } while (done > 0 && isRunning());
    }
}

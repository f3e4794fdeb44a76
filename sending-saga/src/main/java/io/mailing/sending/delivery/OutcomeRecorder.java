package io.mailing.sending.delivery;

import io.mailing.platform.background.BackgroundLoop;
import io.mailing.platform.background.BackgroundPriority;
import io.mailing.sending.message.MessageRepository;
import io.mailing.sending.message.MessageSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns what delivery learned into message commands, many per transaction and unit of work: one commit, one append
 * of events and one write of the delivery queue and its leases cover a batch of attempt outcomes instead of one
 * each (the recorded messages, and those given back without an attempt, leave their leases in the same
 * transaction, and those given back that a batch claim took get a row of the queue there), and no message's events
 * are read back, as each message is built from the snapshot its claim read
 * ({@link MessageRepository#offer}). A batch that fails is retried command by command, each message loaded from its
 * events, so one conflicting message (say, cancelled meanwhile by another node) does not hold up the others; a
 * command that keeps failing is dropped with an error, which loses nothing: its message's lease runs out and the
 * message is attempted again, with the same {@code msgId}. Stopping flushes what is pending, uninterrupted, waiting
 * for it at most {@link BackgroundLoop#STOP_WAIT}.
 */
class OutcomeRecorder extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(OutcomeRecorder.class);
    private static final int MAX_FAILURES = 5;
    private static final Duration BACKOFF = Duration.ofSeconds(1);

    private final CommandGateway commands;
    private final TransactionTemplate transactions;
    private final DeliveryQueue queue;
    private final int batchSize;
    private final long lingerNanos;
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<PendingDelivery> releases = new ConcurrentLinkedQueue<>();

    OutcomeRecorder(
            CommandGateway commands,
            TransactionTemplate transactions,
            DeliveryQueue queue,
            int batchSize,
            Duration linger,
            BackgroundPriority priority) {
        // Stops after the delivery worker (which feeds it) and before Axon's own components.
        super("delivery-recorder", DeliveryWorker.PHASE - 1, priority);
        this.commands = commands;
        this.transactions = transactions;
        this.queue = queue;
        this.batchSize = batchSize;
        this.lingerNanos = linger.toNanos();
    }

    /** Sends this command about a claimed message in one of the next batches. */
    void record(PendingDelivery delivery, Object command) {
        record(delivery, command, () -> {});
    }

    /**
     * Sends this command about a claimed message in one of the next batches, then runs {@code whenDone}: once it is
     * committed, or once it is given up. The command carries the message's origin; in a batch, the message is loaded
     * from what its claim read ({@link PendingDelivery#snapshot()}), not from its events.
     */
    void record(PendingDelivery delivery, Object command, Runnable whenDone) {
        pending.add(new Pending(delivery.origin().of(command), delivery, 0, whenDone));
    }

    /** Takes the message out of its lease in one of the next batches, so it is due again at once. */
    void release(PendingDelivery delivery) {
        releases.add(delivery);
    }

    @Override
    protected void run() {
        while (isRunning() || !pending.isEmpty() || !releases.isEmpty()) {
            try {
                List<Pending> batch = nextBatch();
                List<PendingDelivery> released = drainReleases();
                if (!batch.isEmpty() || !released.isEmpty()) {
                    flush(batch, released);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Up to a batch of outcomes: from the first, waits at most the linger for the batch to fill. */
    private List<Pending> nextBatch() throws InterruptedException {
        List<Pending> batch = new ArrayList<>();
        Pending next = pending.poll(100, TimeUnit.MILLISECONDS);
        long lingerEnds = System.nanoTime() + lingerNanos;
        while (next != null) {
            batch.add(next);
            pending.drainTo(batch, batchSize - batch.size());
            long left = lingerEnds - System.nanoTime();
            next = batch.size() < batchSize && left > 0 && isRunning()
                    ? pending.poll(left, TimeUnit.NANOSECONDS)
                    : null;
        }
        return batch;
    }

    private List<PendingDelivery> drainReleases() {
        List<PendingDelivery> released = new ArrayList<>();
        PendingDelivery next;
        while ((next = releases.poll()) != null) {
            released.add(next);
        }
        return released;
    }

    private void flush(List<Pending> batch, List<PendingDelivery> released) throws InterruptedException {
        try {
            transactions.executeWithoutResult(status -> {
                queue.unlease(Stream.concat(released.stream(), batch.stream().map(Pending::delivery))
                        .toList());
                queue.requeue(released);
                // One unit of work around the batch: its commands' events are appended, and the delivery queue
                // changed, in one go as it commits. Its messages are built from their claims' snapshots; should
                // another event of one of them have been appended since, the append conflicts and the batch is
                // recorded again below, command by command, each message loaded from its events.
                DefaultUnitOfWork.startAndGet(null).execute(() -> {
                    MessageRepository.offer(batch.stream()
                            .map(Pending::snapshot)
                            .filter(Objects::nonNull)
                            .toList());
                    ClaimedBatches.offer(batch.stream().map(Pending::delivery).toList());
                    batch.forEach(p -> commands.sendAndWait(p.command()));
                });
            });
            batch.forEach(p -> p.whenDone().run());
            return;
        } catch (RuntimeException e) {
            log.warn(
                    "Recording {} delivery outcomes at once failed ({}); recording them one by one",
                    batch.size(),
                    e.toString());
        }
        releases.addAll(released);
        boolean anyFailed = false;
        for (Pending p : batch) {
            try {
                transactions.executeWithoutResult(status -> {
                    DefaultUnitOfWork.startAndGet(null).execute(() -> {
                        ClaimedBatches.offer(List.of(p.delivery()));
                        commands.sendAndWait(p.command());
                    });
                    queue.unlease(List.of(p.delivery()));
                });
                p.whenDone().run();
            } catch (RuntimeException e) {
                anyFailed = true;
                retryLater(p, e);
            }
        }
        if (anyFailed) {
            Thread.sleep(BACKOFF.toMillis());
        }
    }

    private void retryLater(Pending p, RuntimeException cause) {
        if (p.failures() + 1 >= MAX_FAILURES) {
            log.error(
                    "Giving up recording {} after {} failures; the message will be attempted again when its lease"
                            + " runs out",
                    p.command(),
                    MAX_FAILURES,
                    cause);
            p.whenDone().run();
        } else {
            pending.add(new Pending(p.command(), p.delivery(), p.failures() + 1, p.whenDone()));
        }
    }

    /**
     * A command about a claimed message.
     *
     * @param failures how often recording it failed: once it has, its message is loaded from its events, as its
     *     snapshot may be what made the batch fail
     */
    private record Pending(CommandMessage<?> command, PendingDelivery delivery, int failures, Runnable whenDone) {

        /** What the message is built from in a batch; {@code null}: from its events. */
        MessageSnapshot snapshot() {
            return failures == 0 ? delivery.snapshot() : null;
        }
    }
}

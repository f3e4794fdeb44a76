package io.mailing.sending.delivery;

import io.mailing.events.mailout.Channel;
import io.mailing.events.message.ErrorKind;
import io.mailing.platform.background.BackgroundLoop;
import io.mailing.platform.background.BackgroundPriority;
import io.mailing.platform.logging.LogContext;
import io.mailing.sending.message.AttemptResult;
import io.mailing.sending.message.MessageCommands.DeferMessage;
import io.mailing.sending.message.MessageCommands.RecordAttempt;
import io.mailing.sending.message.MessageCommands.SuppressMessage;
import io.mailing.sending.message.MessageId;
import io.mailing.sending.provider.ProbeDeliveryProvider;
import io.mailing.sending.provider.ProviderCircuit;
import io.mailing.sending.provider.SendRateLimiter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the attempts of this node: leases due messages from the {@link DeliveryQueue}, checks each against the end
 * of its mailout and the customer's delivery window, and hands it to its channel's provider ({@link ChannelSender}) within the node's
 * bounds — at most {@code maxInFlight} attempts at once, at most {@code rateLimit} per second, none while the
 * {@link ProviderCircuit} refuses. Calls are asynchronous: a slow or dead provider fills the in-flight bound and
 * nothing else, so the APIs and event processing never wait for it. Outcomes go to the {@link OutcomeRecorder}, and
 * an attempt holds its in-flight slot until its outcome is committed: what a crash can lose (and the provider may
 * then see again, with the same msgId) is never more than {@code maxInFlight} attempts.
 *
 * <p>No attempt starts at or after the mailout's end, nor within the end guard before it: the lease query skips
 * such messages and the end is checked again right before each call. A message whose customer is outside the window is deferred instead of sent. When
 * the provider refuses our credentials the message is given back untouched (it stays pending). A message whose address
 * is on the opt-out list of its channel is suppressed instead of sent.
 *
 * <p>Each call waits for the provider as long as the {@link AttemptTimeout} says, which follows the provider's
 * latency, so a merely slow provider is not called twice with the same msgId. And no other node takes over a
 * message whose call, or the recording of its outcome, is still under way on this live node: a call starts only if
 * its timeout runs out before the last quarter of the lease (a claimed message that waited too long for the rate
 * limit is given back instead), and from the call until its outcome is committed the message's lease is renewed
 * every quarter of the lease, however long the recording takes (when the database is slow to take the outcomes,
 * the leases of their messages would otherwise run out under them and another node would call them again).
 */
class DeliveryWorker extends BackgroundLoop {

    /**
     * What one worker delivers and within what bounds: one worker per channel on a node.
     *
     * @param maxInFlight attempts under way at once
     * @param rateLimit attempts per second; 0 for no limit
     */
    record Lane(Channel channel, int maxInFlight, double rateLimit) {

        String threadName() {
            return channel == Channel.SMS
                    ? "delivery-worker"
                    : "delivery-worker-" + channel.name().toLowerCase(Locale.ROOT);
        }
    }

    /** Stops first among delivery's parts, before the recorder it feeds. */
    static final int PHASE = Integer.MAX_VALUE - 100;

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final Channel channel;
    private final int maxInFlight;
    private final double rateLimit;
    private final DeliveryQueue queue;
    private final ChannelSender provider;
    private final ProviderCircuit circuit;
    private final SendRateLimiter rateLimiter;
    private final OutcomeRecorder recorder;
    private final AttemptTimeout timeout;
    private final DeliveryProperties properties;
    private final String node;
    private final Clock clock;
    private final MeterRegistry meters;
    private final BackgroundPriority priority;
    private final Semaphore inFlight;
    /** The messages called and not yet recorded, with their leases, which are renewed. */
    private final Map<MessageId, UUID> held = new ConcurrentHashMap<>();

    private ScheduledExecutorService renewal;

    DeliveryWorker(
            Lane lane,
            DeliveryQueue queue,
            ChannelSender provider,
            ProviderCircuit circuit,
            SendRateLimiter rateLimiter,
            OutcomeRecorder recorder,
            AttemptTimeout timeout,
            DeliveryProperties properties,
            String node,
            Clock clock,
            MeterRegistry meters,
            BackgroundPriority priority) {
        super(lane.threadName(), PHASE, priority);
        this.channel = lane.channel();
        this.maxInFlight = lane.maxInFlight();
        this.rateLimit = lane.rateLimit();
        this.queue = queue;
        this.provider = provider;
        this.circuit = circuit;
        this.rateLimiter = rateLimiter;
        this.recorder = recorder;
        this.timeout = timeout;
        this.properties = properties;
        this.node = node;
        this.clock = clock;
        this.meters = meters;
        this.priority = priority;
        this.inFlight = new Semaphore(maxInFlight);
        Gauge.builder("mailing.delivery.in-flight", inFlight, s -> maxInFlight - s.availablePermits())
                .description("Attempts under way on this node (sent, or outcome not yet recorded), by channel")
                .tag("channel", channel.name())
                .register(meters);
        Gauge.builder(
                        "mailing.delivery.attempt-timeout",
                        timeout,
                        t -> t.current().toNanos() / 1e9)
                .description("How long the next attempt waits for the provider, by channel")
                .baseUnit("seconds")
                .tag("channel", channel.name())
                .register(meters);
    }

    @Override
    public void start() {
        int taken = queue.releaseAll(node);
        if (taken > 0) {
            log.info("Took back {} message leases left by an earlier run of node {}", taken, node);
        }
        super.start();
        renewal =
                Executors.newSingleThreadScheduledExecutor(task -> priority.newThread("delivery-lease-renewal", task));
        long every = properties.lease().dividedBy(4).toMillis();
        renewal.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
        log.info(
                "Delivering {} to provider {} as node {}: at most {} in flight, {} per second",
                channel,
                provider.name(),
                node,
                maxInFlight,
                rateLimit > 0 ? rateLimit : "unlimited");
    }

    /**
     * Stops leasing (interrupting the worker's waits for room, the rate limit or the next poll) and waits (up to the
     * longest attempt timeout) for the attempts under way, so their outcomes count.
     */
    @Override
    public void stop() {
        interruptAndStop();
        try {
            Duration wait = timeout.ceiling().plus(ProbeDeliveryProvider.BODY_GRACE);
            if (inFlight.tryAcquire(maxInFlight, wait.toMillis(), TimeUnit.MILLISECONDS)) {
                inFlight.release(maxInFlight);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            renewal.shutdownNow();
        }
    }

    private void renewLeases() {
        try {
            queue.renew(node, Set.copyOf(held.values()), properties.lease());
        } catch (RuntimeException e) {
            log.warn(
                    "Renewing the leases of {} messages under way failed; trying again shortly: {}",
                    held.size(),
                    e.toString());
        }
    }

    @Override
    protected void run() {
        int claimLimit = properties.claimBatch();
        while (isRunning()) {
            try {
                awaitRoom();
                int room = Math.min(claimLimit, inFlight.availablePermits());
                Instant claimedAt = clock.instant();
                List<PendingDelivery> claimed =
                        queue.claim(node, channel, room, properties.lease(), properties.endGuard());
                if (claimed.isEmpty()) {
                    pause();
                    continue;
                }
                boolean refused = dispatch(claimed, attemptsTimedOutBy(claimedAt));
                // While the circuit refuses, lease one message at a time: the probe it may let through.
                claimLimit = refused ? 1 : properties.claimBatch();
                if (refused) {
                    pause();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Leasing due messages failed; trying again shortly", e);
                sleepQuietly();
            }
        }
    }

    /**
     * The instant by which an attempt of messages leased at {@code claimedAt} must have timed out: the start of the
     * lease's last quarter (measured from before the claim, so on the safe side of the database's own clock).
     */
    private Instant attemptsTimedOutBy(Instant claimedAt) {
        return claimedAt.plus(properties.lease()).minus(properties.lease().dividedBy(4));
    }

    /**
     * @param timedOutBy an attempt starts only if its timeout runs out by then; the rest of the lease is given back
     * @return whether the circuit refused an attempt (the rest of the lease was given back)
     */
    private boolean dispatch(List<PendingDelivery> claimed, Instant timedOutBy) throws InterruptedException {
        for (int i = 0; i < claimed.size(); i++) {
            PendingDelivery delivery = claimed.get(i);
            if (!isRunning()) {
                giveBack(claimed.subList(i, claimed.size()));
                return false;
            }
            Instant now = clock.instant();
            if (ended(delivery, now)) {
                continue;
            }
            if (delivery.optedOut() != null) {
                recorder.record(
                        delivery,
                        new SuppressMessage(
                                delivery.messageId(),
                                delivery.optedOut().optOutId(),
                                delivery.optedOut().reason(channel)));
                continue;
            }
            if (delivery.outsideWindow(now)) {
                recorder.record(delivery, new DeferMessage(delivery.messageId()));
                continue;
            }
            inFlight.acquire();
            long wait = rateLimiter.reserve();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (ended(delivery, clock.instant())) {
                inFlight.release();
                continue;
            }
            Duration attemptTimeout = timeout.current();
            if (clock.instant().plus(attemptTimeout).isAfter(timedOutBy)) {
                inFlight.release();
                giveBack(claimed.subList(i, claimed.size()));
                return false;
            }
            if (!circuit.tryAcquirePermission()) {
                inFlight.release();
                giveBack(claimed.subList(i, claimed.size()));
                return true;
            }
            send(delivery, attemptTimeout);
        }
        return false;
    }

    /** The end has come (or is closer than the end guard): no attempt; the sweeper expires the message. */
    private boolean ended(PendingDelivery delivery, Instant now) {
        if (now.isBefore(delivery.endAt().minus(properties.endGuard()))) {
            return false;
        }
        recorder.release(delivery);
        return true;
    }

    /**
     * One attempt, logged in the message's context: the request (attempt number, msgId and timeout; never the token,
     * the phone or the text; a debug line) and the response (outcome, latency and, on failure, what the provider
     * answered).
     */
    private void send(PendingDelivery delivery, Duration attemptTimeout) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        int attempt = delivery.attempts() + 1;
        if (log.isDebugEnabled()) {
            try (LogContext context = delivery.logContext()) {
                log.debug(
                        "Provider request: attempt {}, msgId {}, timeout {} ms",
                        attempt,
                        delivery.providerMessageId(),
                        attemptTimeout.toMillis());
            }
        }
        held.put(delivery.messageId(), delivery.lease());
        provider.send(delivery, attemptTimeout)
                .exceptionally(error -> new AttemptResult.Failed(ErrorKind.CONNECTION_FAILED, error.toString(), null))
                .thenAccept(result -> {
                    long nanos = System.nanoTime() - start;
                    logResponse(delivery, attempt, result, nanos);
                    observe(result, nanos, attemptTimeout);
                    circuit.onResult(result);
                    timer(result).record(nanos, TimeUnit.NANOSECONDS);
                    if (result instanceof AttemptResult.Failed failed && failed.kind() == ErrorKind.UNAUTHORIZED) {
                        recorder.release(delivery);
                        done(delivery);
                    } else {
                        recorder.record(
                                delivery,
                                new RecordAttempt(delivery.messageId(), attempt, startedAt, clock.instant(), result),
                                () -> done(delivery));
                    }
                });
    }

    /** The attempt's outcome is committed (or given up): its lease is no longer renewed, its slot is free. */
    private void done(PendingDelivery delivery) {
        held.remove(delivery.messageId());
        inFlight.release();
    }

    /** Feeds the attempt timeout: what the provider took, or the timeout it did not answer within. */
    private void observe(AttemptResult result, long nanos, Duration attemptTimeout) {
        if (!(result instanceof AttemptResult.Failed failed)) {
            timeout.answered(Duration.ofNanos(nanos));
        } else if (failed.kind() == ErrorKind.TIMEOUT) {
            timeout.timedOut(attemptTimeout);
        } else if (failed.kind() != ErrorKind.CONNECTION_FAILED) {
            timeout.answered(Duration.ofNanos(nanos));
        }
    }

    /** A failed attempt is an info line; a delivered one, the usual case, a debug line. */
    private static void logResponse(PendingDelivery delivery, int attempt, AttemptResult result, long nanos) {
        boolean failed = result instanceof AttemptResult.Failed;
        if (failed ? !log.isInfoEnabled() : !log.isDebugEnabled()) {
            return;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        try (LogContext context = delivery.logContext()) {
            if (result instanceof AttemptResult.Failed failure) {
                log.info(
                        "Provider response: attempt {} failed, {} in {} ms: {}",
                        attempt,
                        failure.kind(),
                        millis,
                        failure.detail());
            } else {
                log.debug("Provider response: attempt {} delivered, HTTP 200 in {} ms", attempt, millis);
            }
        }
    }

    private Timer timer(AttemptResult result) {
        String outcome =
                result instanceof AttemptResult.Failed failed ? failed.kind().name() : "DELIVERED";
        return Timer.builder("mailing.provider.requests")
                .description("Attempts handed to the provider, by outcome")
                .tag("provider", provider.name())
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(meters);
    }

    private void giveBack(List<PendingDelivery> deliveries) {
        deliveries.forEach(recorder::release);
    }

    private void awaitRoom() throws InterruptedException {
        inFlight.acquire();
        inFlight.release();
    }

    private void pause() throws InterruptedException {
        Thread.sleep(properties.pollInterval().toMillis());
    }

    private void sleepQuietly() {
        try {
            pause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.mailing.sending.delivery;

import java.time.Duration;
import java.util.Arrays;

/**
 * How long the next attempt waits for the provider: {@code latencyFactor} times the p99 of the provider's latest
 * {@value #WINDOW} latencies, never less than {@code floor} and never more than {@code ceiling}.
 *
 * <p>Why it follows the provider: when we give up on a call the provider may still be processing it, and may accept
 * it. The attempt then counts as failed ({@code TIMEOUT}: outcome unknown) and the retry calls the provider again
 * with the same msgId, which a provider that does not de-duplicate msgIds delivers twice. A timeout well above what
 * the provider actually takes makes our side give up only on calls that are truly lost, not on a provider that is
 * merely slow. The floor keeps the timeout generous while few latencies are known; the ceiling (at most half the
 * lease, checked at start-up) keeps every attempt, and the recording of its outcome, within the lease of its
 * message, so no other node takes a message over while a live node's call for it is under way.
 *
 * <p>A call that timed out counts as a latency equal to the timeout it had: the provider took at least that long.
 * So when more than one call in a hundred times out, the next timeout is {@code latencyFactor} times longer, up to
 * the ceiling, instead of staying below a provider that has become slower than it. Calls that failed without an
 * answer for another reason (no connection) say nothing about the provider's latency and are not counted.
 *
 * <p>Thread-safe: latencies come from the HTTP client's threads, the delivery worker reads the timeout.
 */
final class AttemptTimeout {

    /** How many of the latest latencies the p99 is taken over. */
    static final int WINDOW = 500;

    /** The timeout is worked out again after this many new latencies (sorting the window costs microseconds). */
    static final int RECOMPUTE_EVERY = 20;

    private final Duration floor;
    private final Duration ceiling;
    private final double latencyFactor;
    private final long[] latencies = new long[WINDOW];
    private int count;
    private int next;
    private int sinceRecompute;
    private volatile Duration current;

    AttemptTimeout(Duration floor, Duration ceiling, double latencyFactor) {
        if (floor.isNegative() || floor.isZero()) {
            throw new IllegalArgumentException("the least attempt timeout must be positive: " + floor);
        }
        if (ceiling.compareTo(floor) < 0) {
            throw new IllegalArgumentException(
                    "the longest attempt timeout " + ceiling + " is shorter than the least " + floor);
        }
        if (!(latencyFactor >= 1)) {
            throw new IllegalArgumentException("the latency factor must be at least 1: " + latencyFactor);
        }
        this.floor = floor;
        this.ceiling = ceiling;
        this.latencyFactor = latencyFactor;
        this.current = floor;
    }

    /** The time the next attempt waits for the provider's answer. */
    Duration current() {
        return current;
    }

    Duration ceiling() {
        return ceiling;
    }

    /** A call the provider answered (successfully or not) after {@code latency}. */
    void answered(Duration latency) {
        add(latency.toNanos());
    }

    /** A call that got no answer within {@code timeout}, the timeout it was given. */
    void timedOut(Duration timeout) {
        add(timeout.toNanos());
    }

    private synchronized void add(long nanos) {
        latencies[next] = nanos;
        next = (next + 1) % WINDOW;
        count = Math.min(count + 1, WINDOW);
        if (++sinceRecompute >= RECOMPUTE_EVERY || count < RECOMPUTE_EVERY) {
            sinceRecompute = 0;
            current = recompute();
        }
    }

    private Duration recompute() {
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        long p99 = sorted[(int) Math.ceil(0.99 * count) - 1];
        double proposed = latencyFactor * p99;
        if (proposed <= floor.toNanos()) {
            return floor;
        }
        if (proposed >= ceiling.toNanos()) {
            return ceiling;
        }
        return Duration.ofNanos((long) proposed);
    }
}

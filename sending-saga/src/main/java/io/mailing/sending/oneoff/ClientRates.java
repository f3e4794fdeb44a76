package io.mailing.sending.oneoff;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How often each client may ask this node for a one-off: a token bucket per principal, {@code rate} tokens a second
 * up to {@code burst}, one taken by each request. So no one application can fill the delivery queue ahead of the
 * others' one-offs and the mailouts, and a client in a loop is told to slow down (429) instead of being served until
 * the node runs out of room. The buckets live in the node's memory: two nodes each give a client its own allowance.
 *
 * <p>Bounded: a bucket that has filled up again is the same as none, and such buckets are dropped once
 * {@value #SWEEP_AT} clients are held; the next such sweep waits until twice as many as it left are held, so that
 * many clients all sending at once cost a walk over their buckets now and then, not at every request. Thread-safe.
 */
final class ClientRates {

    /** How many clients' buckets are held before the full ones are dropped. */
    static final int SWEEP_AT = 10_000;

    private final double tokensPerNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    /** How many clients' buckets are held when the next sweep runs. */
    private volatile int sweepAt = SWEEP_AT;

    /**
     * @param perSecond tokens a client gains each second; 0: no limit
     * @param burst the most tokens a client may save up, so the most requests it may make at once
     * @param nanoClock a monotonic clock such as {@code System::nanoTime}
     */
    ClientRates(double perSecond, int burst, LongSupplier nanoClock) {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException(
                    "mailing.one-offs.per-client.rate must be 0 (no limit) or more, was " + perSecond);
        }
        if (perSecond > 0 && burst < 1) {
            throw new IllegalArgumentException("mailing.one-offs.per-client.burst must be 1 or more, was " + burst);
        }
        this.tokensPerNano = perSecond / TimeUnit.SECONDS.toNanos(1);
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    /**
     * Takes one of the client's tokens if it has one.
     *
     * @return 0 when it had one (the request may go on); otherwise how many nanoseconds until it will have one
     */
    long take(String client) {
        if (tokensPerNano == 0) {
            return 0;
        }
        long now = nanoClock.getAsLong();
        if (buckets.size() >= sweepAt) {
            buckets.values().removeIf(bucket -> bucket.fullAt(now));
            sweepAt = Math.max(SWEEP_AT, 2 * buckets.size());
        }
        return buckets.computeIfAbsent(client, c -> new Bucket(now)).take(now);
    }

    /** One client's tokens, as of the last time they were counted. */
    private final class Bucket {

        private double tokens = burst;
        private long countedAt;

        Bucket(long now) {
            countedAt = now;
        }

        synchronized long take(long now) {
            tokens = tokensAt(now);
            countedAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / tokensPerNano);
        }

        synchronized boolean fullAt(long now) {
            return tokensAt(now) >= burst;
        }

        private double tokensAt(long now) {
            return Math.min(burst, tokens + (now - countedAt) * tokensPerNano);
        }
    }
}

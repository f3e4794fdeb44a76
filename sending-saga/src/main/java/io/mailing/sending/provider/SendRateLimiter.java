package io.mailing.sending.provider;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Paces the attempts of one node: permits are spaced {@code 1 / permitsPerSecond} apart, whoever asks for them.
 *
 * <p>Burst allowance: time left unused is banked for at most {@link #BANKED_NANOS} (100 ms), so after an idle spell
 * up to {@code 1 + floor(permitsPerSecond × 0.1)} permits are free at once; after that, and whenever callers keep up,
 * permits are exactly one interval apart. The small bank absorbs callers that wake up a little late, so they do not
 * lose throughput, without letting a long pause turn into a burst the provider would answer with 429.
 *
 * <p>Thread-safe and lock-free. Waits are not capped: callers that reserve faster than the rate queue up behind each
 * other, so bound concurrency before reserving. A reservation cannot be handed back; reserve right before the attempt.
 */
public final class SendRateLimiter {

    /** The most unused time that is remembered as capacity for a burst. */
    static final long BANKED_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    /** The instant (in {@code nanoClock} time) at which the next permit becomes free; only meaningful if limited. */
    private final AtomicLong nextFree;

    /**
     * @param permitsPerSecond attempts per second for this node; zero, negative or infinite means unlimited
     * @param nanoClock a monotonic clock such as {@code System::nanoTime}
     */
    public SendRateLimiter(double permitsPerSecond, LongSupplier nanoClock) {
        if (Double.isNaN(permitsPerSecond)) {
            throw new IllegalArgumentException("permits per second must be a number");
        }
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        boolean unlimited = permitsPerSecond <= 0 || Double.isInfinite(permitsPerSecond);
        // Rounded up, so the rate is never exceeded; at least 1 ns so that "limited" stays limited.
        this.intervalNanos =
                unlimited ? 0 : Math.max(1, (long) Math.ceil(TimeUnit.SECONDS.toNanos(1) / permitsPerSecond));
        this.nextFree = new AtomicLong(nanoClock.getAsLong() - BANKED_NANOS);
    }

    /**
     * Takes the next permit.
     *
     * @return how many nanoseconds the caller must wait before using it; 0 means now
     */
    public long reserve() {
        if (intervalNanos == 0) {
            return 0;
        }
        long now = nanoClock.getAsLong();
        long earliest = now - BANKED_NANOS;
        while (true) {
            long free = nextFree.get();
            // Differences, not comparisons: nanoTime values may overflow.
            long start = free - earliest < 0 ? earliest : free;
            if (nextFree.compareAndSet(free, start + intervalNanos)) {
                return Math.max(0, start - now);
            }
        }
    }
}

package io.mailing.sending.message;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * When a message is tried again after a failed attempt: exponential backoff with "equal jitter", capped, and never
 * before the provider's {@code Retry-After}.
 *
 * <p>The backoff after failed attempt {@code n} is {@code min(cap, base × 2^(n-1))}. Equal jitter keeps half of it
 * fixed and draws the other half uniformly, so the delay lies in {@code [backoff/2, backoff]}: retries of messages
 * that failed together (a provider outage) spread out instead of returning as one wave, yet none comes back sooner
 * than half the backoff. Delays have millisecond resolution.
 */
public final class RetryPolicy {

    private final Duration base;
    private final Duration cap;
    private final int maxAttempts;
    private final RandomGenerator random;

    /**
     * @param base the backoff after the first failed attempt; positive
     * @param cap the longest backoff; not shorter than {@code base}
     * @param maxAttempts how many attempts a message gets in all; at least 1
     * @param random draws the jitter with {@link RandomGenerator#nextLong(long)}
     */
    public RetryPolicy(Duration base, Duration cap, int maxAttempts, RandomGenerator random) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        Objects.requireNonNull(random, "random");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("base must be positive, was " + base);
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("cap must not be shorter than base (" + base + "), was " + cap);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        this.base = base;
        this.cap = cap;
        this.maxAttempts = maxAttempts;
        this.random = random;
    }

    /** How many attempts a message gets in all, the first one included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * When to try again after attempt number {@code failedAttempt} failed.
     *
     * @param failedAttempt the number of the attempt that failed, 1 for the first
     * @param now when the failure is recorded
     * @param retryAfter the provider's {@code Retry-After}, or {@code null}: the retry is never earlier than
     *     {@code now + retryAfter}
     */
    public Instant retryAt(int failedAttempt, Instant now, Duration retryAfter) {
        if (failedAttempt < 1) {
            throw new IllegalArgumentException("failedAttempt must be at least 1, was " + failedAttempt);
        }
        long backoff = backoff(failedAttempt).toMillis();
        long fixed = backoff / 2;
        Instant jittered = now.plusMillis(fixed + random.nextLong(backoff - fixed + 1));
        if (retryAfter == null) {
            return jittered;
        }
        Instant notBefore = now.plus(retryAfter);
        return notBefore.isAfter(jittered) ? notBefore : jittered;
    }

    /**
     * {@code min(cap, base × 2^(failedAttempt-1))} without overflow: the doubling is compared with the cap before it
     * is computed, so attempt numbers far beyond any sensible maximum simply yield the cap.
     */
    private Duration backoff(int failedAttempt) {
        int doublings = failedAttempt - 1;
        if (doublings >= Long.SIZE - 1) {
            return cap;
        }
        long factor = 1L << doublings;
        return base.compareTo(cap.dividedBy(factor)) > 0 ? cap : base.multipliedBy(factor);
    }
}

package io.mailing.sending.message;

import java.util.random.RandomGenerator;

/** A "random" source for {@link RetryPolicy} that always draws the same end of the range, so delays are exact. */
final class FixedJitter implements RandomGenerator {

    private final boolean top;

    private FixedJitter(boolean top) {
        this.top = top;
    }

    /** Draws the top of the range: the delay is the whole backoff. */
    static RandomGenerator full() {
        return new FixedJitter(true);
    }

    /** Draws the bottom of the range: the delay is half the backoff. */
    static RandomGenerator none() {
        return new FixedJitter(false);
    }

    @Override
    public long nextLong(long bound) {
        return top ? bound - 1 : 0;
    }

    @Override
    public long nextLong() {
        throw new UnsupportedOperationException("RetryPolicy draws bounded values only");
    }
}

package io.mailing.simulator;

import java.util.random.RandomGenerator;

/** Draws, for one call, its outcome and its latency from a {@link Behaviour}. */
final class Chance {

    private Chance() {}

    /** Fails with probability {@code failureRate}, in one of the selected kinds chosen uniformly. */
    static Outcome outcome(Behaviour behaviour, RandomGenerator random) {
        if (behaviour.failureRate() == 0 || random.nextDouble() >= behaviour.failureRate()) {
            return Outcome.DELIVERED;
        }
        FailureKind[] kinds = behaviour.failureKinds().toArray(new FailureKind[0]);
        return Outcome.failedWith(kinds[random.nextInt(kinds.length)]);
    }

    /** {@code latency} plus a uniformly random extra from 0 to {@code latencyJitter}, both included. */
    static long latencyNanos(Behaviour behaviour, RandomGenerator random) {
        long fixed = behaviour.latency().toNanos();
        long jitter = behaviour.latencyJitter().toNanos();
        return jitter == 0 ? fixed : fixed + random.nextLong(jitter + 1);
    }
}

package io.mailing.simulator;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How the simulator answers a valid, authorized call: after {@code latency} plus a uniformly random extra of up to
 * {@code latencyJitter}, and with probability {@code failureRate} as one of {@code failureKinds} (chosen uniformly)
 * instead of the contract's success. A {@link FailureKind#TIMEOUT} ignores the latency and holds the request for
 * {@code timeoutHold} without answering.
 *
 * @param latency the fixed part of the delay before the answer; from zero to {@link #MAX_DURATION}
 * @param latencyJitter the upper bound of the random part of the delay; from zero to {@link #MAX_DURATION}
 * @param failureRate the probability, from 0 to 1, that a call fails
 * @param failureKinds the ways a call may fail; at least one when {@code failureRate > 0}
 * @param timeoutHold how long a {@link FailureKind#TIMEOUT} keeps the request unanswered; from zero to {@link
 *     #MAX_DURATION}
 */
public record Behaviour(
        Duration latency,
        Duration latencyJitter,
        double failureRate,
        Set<FailureKind> failureKinds,
        Duration timeoutHold) {

    /** How long a simulated timeout holds the request unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT_HOLD = Duration.ofSeconds(30);

    /** The longest latency, jitter or timeout hold accepted: a day is "for ever" to any client. */
    public static final Duration MAX_DURATION = Duration.ofDays(1);

    /** Validates every field; the messages name the field at fault. */
    public Behaviour {
        requireNonNegative("latency", latency);
        requireNonNegative("latencyJitter", latencyJitter);
        requireNonNegative("timeoutHold", timeoutHold);
        if (!(failureRate >= 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("failureRate must be from 0 to 1, was " + failureRate);
        }
        Objects.requireNonNull(failureKinds, "failureKinds must not be null");
        failureKinds = failureKinds.isEmpty()
                ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(Set.copyOf(failureKinds)));
        if (failureRate > 0 && failureKinds.isEmpty()) {
            throw new IllegalArgumentException("failureKinds must name at least one kind when failureRate > 0");
        }
    }

    /** No latency, no failures; every kind selected so that {@link #withFailureRate} alone makes calls fail. */
    public static Behaviour healthy() {
        return new Behaviour(Duration.ZERO, Duration.ZERO, 0, EnumSet.allOf(FailureKind.class), DEFAULT_TIMEOUT_HOLD);
    }

    /** This behaviour with another latency: {@code latency} plus a uniformly random extra of up to {@code jitter}. */
    public Behaviour withLatency(Duration latency, Duration jitter) {
        return new Behaviour(latency, jitter, failureRate, failureKinds, timeoutHold);
    }

    /** This behaviour with another failure rate, the same failure kinds. */
    public Behaviour withFailureRate(double failureRate) {
        return new Behaviour(latency, latencyJitter, failureRate, failureKinds, timeoutHold);
    }

    /** This behaviour failing only in these ways. */
    public Behaviour withFailureKinds(FailureKind... kinds) {
        return withFailureKinds(Arrays.asList(kinds));
    }

    /** This behaviour failing only in these ways. */
    public Behaviour withFailureKinds(Collection<FailureKind> kinds) {
        return new Behaviour(latency, latencyJitter, failureRate, Set.copyOf(kinds), timeoutHold);
    }

    /** This behaviour holding a simulated timeout for another duration. */
    public Behaviour withTimeoutHold(Duration timeoutHold) {
        return new Behaviour(latency, latencyJitter, failureRate, failureKinds, timeoutHold);
    }

    private static void requireNonNegative(String field, Duration value) {
        Objects.requireNonNull(value, () -> field + " must not be null");
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value);
        }
        if (value.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(field + " must not exceed " + MAX_DURATION + ", was " + value);
        }
    }
}

package io.mailing.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code maxFailures} failed logins in a row a user name is locked out for
 * {@code lockout}, whatever password comes meanwhile; a successful login clears its failures. Kept per node, in
 * memory: with several nodes behind a load balancer a guesser gets at most {@code maxFailures} tries per node per
 * lockout.
 */
class LoginThrottle {

    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    LoginThrottle(int maxFailures, Duration lockout, Clock clock) {
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.clock = clock;
    }

    /** How long the user name is still locked out; zero when it may try. */
    Duration lockedFor(String username) {
        Failures current = failures.get(username);
        if (current == null || current.lockedUntil() == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), current.lockedUntil());
        return left.isNegative() ? Duration.ZERO : left;
    }

    void failed(String username) {
        failures.compute(username, (name, current) -> {
            int count = current == null || expired(current) ? 1 : current.count() + 1;
            return new Failures(count, count >= maxFailures ? clock.instant().plus(lockout) : null);
        });
    }

    void succeeded(String username) {
        failures.remove(username);
    }

    private boolean expired(Failures current) {
        return current.lockedUntil() != null && !clock.instant().isBefore(current.lockedUntil());
    }

    private record Failures(int count, Instant lockedUntil) {}
}

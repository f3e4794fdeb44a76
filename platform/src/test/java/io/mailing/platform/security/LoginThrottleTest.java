package io.mailing.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final Duration LOCKOUT = Duration.ofMinutes(1);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(3, LOCKOUT, clock);

    @Test
    void locksAUserNameOutAfterTooManyFailuresInARowForTheLockout() {
        throttle.failed("ann");
        throttle.failed("ann");
        assertThat(throttle.lockedFor("ann")).isZero();

        throttle.failed("ann");

        assertThat(throttle.lockedFor("ann")).isEqualTo(LOCKOUT);
        assertThat(throttle.lockedFor("bob")).as("other names").isZero();
        clock.advance(Duration.ofSeconds(45));
        assertThat(throttle.lockedFor("ann")).isEqualTo(Duration.ofSeconds(15));
        clock.advance(Duration.ofSeconds(15));
        assertThat(throttle.lockedFor("ann")).isZero();
    }

    @Test
    void aSuccessClearsTheFailuresAndAFailureAfterALockoutStartsCountingAgain() {
        throttle.failed("ann");
        throttle.failed("ann");
        throttle.succeeded("ann");
        throttle.failed("ann");
        assertThat(throttle.lockedFor("ann")).isZero();

        throttle.failed("ann");
        throttle.failed("ann");
        clock.advance(LOCKOUT);
        throttle.failed("ann");

        assertThat(throttle.lockedFor("ann"))
                .as("one failure after the lockout")
                .isZero();
    }
}

package io.mailing.sending.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AttemptTimeoutTest {

    private static final Duration FLOOR = Duration.ofSeconds(5);
    private static final Duration CEILING = Duration.ofSeconds(30);
    private static final double FACTOR = 3;

    private final AttemptTimeout timeout = new AttemptTimeout(FLOOR, CEILING, FACTOR);

    @Test
    void startsAtTheFloor() {
        assertThat(timeout.current()).isEqualTo(FLOOR);
    }

    @Test
    void staysAtTheFloorWhileTheProviderIsFast() {
        answered(AttemptTimeout.WINDOW, Duration.ofMillis(200));

        assertThat(timeout.current()).isEqualTo(FLOOR);
    }

    @Test
    void neverTimesOutACallAtTwoSecondsOfLatency() {
        answered(AttemptTimeout.WINDOW, Duration.ofMillis(2_100));

        assertThat(timeout.current()).isEqualTo(Duration.ofMillis(6_300));
    }

    @Test
    void followsTheNinetyNinthPercentileNotTheMedian() {
        answered(AttemptTimeout.WINDOW - 10, Duration.ofMillis(100));
        answered(10, Duration.ofSeconds(4));

        assertThat(timeout.current()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void ignoresTheRarestOnePercent() {
        answered(AttemptTimeout.WINDOW - 4, Duration.ofMillis(100));
        answered(4, Duration.ofSeconds(9));

        assertThat(timeout.current()).isEqualTo(FLOOR);
    }

    @Test
    void growsWhenCallsTimeOutUntilTheCeiling() {
        answered(AttemptTimeout.WINDOW, Duration.ofMillis(100));

        for (int i = 0; i < AttemptTimeout.WINDOW / 10; i++) {
            timeout.timedOut(timeout.current());
        }
        assertThat(timeout.current())
                .as("after a tenth of the window timed out at %s", FLOOR)
                .isGreaterThan(FLOOR);

        for (int i = 0; i < AttemptTimeout.WINDOW; i++) {
            timeout.timedOut(timeout.current());
        }
        assertThat(timeout.current()).isEqualTo(CEILING);
    }

    @Test
    void neverExceedsTheCeilingWhateverTheProviderTakes() {
        answered(AttemptTimeout.WINDOW, Duration.ofMinutes(5));

        assertThat(timeout.current()).isEqualTo(CEILING);
    }

    @Test
    void comesBackDownOnceTheProviderIsFastAgain() {
        answered(AttemptTimeout.WINDOW, Duration.ofSeconds(8));
        assertThat(timeout.current()).isEqualTo(Duration.ofSeconds(24));

        answered(AttemptTimeout.WINDOW, Duration.ofMillis(100));

        assertThat(timeout.current()).isEqualTo(FLOOR);
    }

    @Test
    void takesFewLatenciesIntoAccountAtOnce() {
        answered(1, Duration.ofSeconds(3));

        assertThat(timeout.current()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void refusesBoundsThatContradictEachOther() {
        assertThatThrownBy(() -> new AttemptTimeout(Duration.ZERO, CEILING, FACTOR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> new AttemptTimeout(CEILING, FLOOR, FACTOR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shorter than the least");
        assertThatThrownBy(() -> new AttemptTimeout(FLOOR, CEILING, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("latency factor");
    }

    private void answered(int calls, Duration latency) {
        for (int i = 0; i < calls; i++) {
            timeout.answered(latency);
        }
    }
}

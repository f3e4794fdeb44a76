package io.mailing.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BehaviourTest {

    @Test
    void healthyAnswersAtOnceAndNeverFails() {
        Behaviour healthy = Behaviour.healthy();

        assertThat(healthy.latency()).isZero();
        assertThat(healthy.latencyJitter()).isZero();
        assertThat(healthy.failureRate()).isZero();
        assertThat(healthy.failureKinds()).containsExactly(FailureKind.values());
        assertThat(healthy.timeoutHold()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void rejectsAFailureRateOutsideZeroToOne() {
        Behaviour healthy = Behaviour.healthy();

        assertThatThrownBy(() -> healthy.withFailureRate(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failureRate must be from 0 to 1, was 1.5");
        assertThatThrownBy(() -> healthy.withFailureRate(-0.1)).hasMessageStartingWith("failureRate");
        assertThatThrownBy(() -> healthy.withFailureRate(Double.NaN)).hasMessageStartingWith("failureRate");
        assertThat(healthy.withFailureRate(1).failureRate()).isEqualTo(1);
    }

    @Test
    void rejectsNegativeOrEndlessDurationsNamingTheField() {
        Behaviour healthy = Behaviour.healthy();
        Duration negative = Duration.ofMillis(-1);

        assertThatThrownBy(() -> healthy.withLatency(negative, Duration.ZERO))
                .hasMessage("latency must not be negative, was PT-0.001S");
        assertThatThrownBy(() -> healthy.withLatency(Duration.ZERO, negative)).hasMessageStartingWith("latencyJitter");
        assertThatThrownBy(() -> healthy.withTimeoutHold(negative)).hasMessageStartingWith("timeoutHold");
        assertThatThrownBy(() -> healthy.withTimeoutHold(Duration.ofDays(2)))
                .hasMessage("timeoutHold must not exceed PT24H, was PT48H");
    }

    @Test
    void needsAFailureKindToFailAtAll() {
        Behaviour never = Behaviour.healthy().withFailureKinds();

        assertThat(never.failureKinds()).isEmpty();
        assertThatThrownBy(() -> never.withFailureRate(0.1))
                .hasMessage("failureKinds must name at least one kind when failureRate > 0");
    }

    @Test
    void keepsItsOwnCopyOfTheFailureKinds() {
        Set<FailureKind> kinds = EnumSet.of(FailureKind.TIMEOUT);
        Behaviour behaviour = Behaviour.healthy().withFailureKinds(kinds);

        kinds.add(FailureKind.SERVER_ERROR);

        assertThat(behaviour.failureKinds()).containsExactly(FailureKind.TIMEOUT);
        assertThatThrownBy(() -> behaviour.failureKinds().add(FailureKind.RATE_LIMITED))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}

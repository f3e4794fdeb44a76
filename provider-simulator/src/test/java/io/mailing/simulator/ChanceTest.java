package io.mailing.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ChanceTest {

    private static final int DRAWS = 100_000;

    private final SplittableRandom random = new SplittableRandom(42);

    @Test
    void aHealthyBehaviourNeverFails() {
        Behaviour healthy = Behaviour.healthy();

        for (int i = 0; i < DRAWS; i++) {
            assertThat(Chance.outcome(healthy, random)).isEqualTo(Outcome.DELIVERED);
        }
    }

    @Test
    void failsAtTheConfiguredRate() {
        Behaviour behaviour = Behaviour.healthy().withFailureRate(0.3);

        long failed = LongStream.range(0, DRAWS)
                .filter(i -> !Chance.outcome(behaviour, random).delivered())
                .count();

        assertThat(failed / (double) DRAWS).isCloseTo(0.3, within(0.01));
    }

    @Test
    void choosesUniformlyAmongTheSelectedKindsOnly() {
        Behaviour behaviour = Behaviour.healthy()
                .withFailureKinds(FailureKind.TIMEOUT, FailureKind.MALFORMED_BODY)
                .withFailureRate(1);
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);

        for (int i = 0; i < DRAWS; i++) {
            counts.merge(Chance.outcome(behaviour, random), 1, Integer::sum);
        }

        assertThat(counts).containsOnlyKeys(Outcome.TIMEOUT, Outcome.MALFORMED_BODY);
        assertThat(counts.get(Outcome.TIMEOUT) / (double) DRAWS).isCloseTo(0.5, within(0.01));
    }

    @Test
    void aFixedLatencyIsExact() {
        Behaviour behaviour = Behaviour.healthy().withLatency(Duration.ofMillis(200), Duration.ZERO);

        assertThat(Chance.latencyNanos(behaviour, random))
                .isEqualTo(Duration.ofMillis(200).toNanos());
    }

    @Test
    void jitterAddsAUniformExtraUpToItsBound() {
        Behaviour behaviour = Behaviour.healthy().withLatency(Duration.ofMillis(100), Duration.ofMillis(50));
        long[] draws = LongStream.range(0, DRAWS)
                .map(i -> Chance.latencyNanos(behaviour, random))
                .toArray();

        assertThat(LongStream.of(draws).min().orElseThrow())
                .isBetween(
                        Duration.ofMillis(100).toNanos(), Duration.ofMillis(101).toNanos());
        assertThat(LongStream.of(draws).max().orElseThrow())
                .isBetween(
                        Duration.ofMillis(149).toNanos(), Duration.ofMillis(150).toNanos());
        assertThat(LongStream.of(draws).average().orElseThrow())
                .isCloseTo(Duration.ofMillis(125).toNanos(), within((double)
                        Duration.ofMillis(1).toNanos()));
    }
}

package io.mailing.sending.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-06-10T09:00:00Z");
    private static final Duration BASE = Duration.ofSeconds(1);
    private static final Duration CAP = Duration.ofMinutes(1);
    private static final int MAX_ATTEMPTS = 5;

    private static RetryPolicy withFullBackoff() {
        return new RetryPolicy(BASE, CAP, MAX_ATTEMPTS, FixedJitter.full());
    }

    @Test
    void doublesTheBackoffWithEachFailedAttempt() {
        RetryPolicy policy = withFullBackoff();

        assertThat(IntStream.rangeClosed(1, 5).mapToObj(attempt -> policy.retryAt(attempt, NOW, null)))
                .containsExactly(
                        NOW.plusSeconds(1),
                        NOW.plusSeconds(2),
                        NOW.plusSeconds(4),
                        NOW.plusSeconds(8),
                        NOW.plusSeconds(16));
    }

    @Test
    void stopsGrowingAtTheCap() {
        RetryPolicy policy = withFullBackoff();

        assertThat(policy.retryAt(6, NOW, null)).isEqualTo(NOW.plusSeconds(32));
        assertThat(policy.retryAt(7, NOW, null)).isEqualTo(NOW.plus(CAP));
        assertThat(policy.retryAt(20, NOW, null)).isEqualTo(NOW.plus(CAP));
    }

    @Test
    void hugeAttemptNumbersYieldTheCapWithoutOverflow() {
        RetryPolicy policy = withFullBackoff();

        assertThat(List.of(62, 63, 64, 65, 1_000, Integer.MAX_VALUE))
                .allSatisfy(attempt ->
                        assertThat(policy.retryAt(attempt, NOW, null)).isEqualTo(NOW.plus(CAP)));
    }

    @Test
    void aCapThatIsNoPowerOfTwoOfTheBaseIsReachedExactly() {
        RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(3), Duration.ofSeconds(10), 9, FixedJitter.full());

        assertThat(policy.retryAt(2, NOW, null)).isEqualTo(NOW.plusSeconds(6));
        assertThat(policy.retryAt(3, NOW, null)).isEqualTo(NOW.plusSeconds(10));
    }

    @Test
    void equalJitterKeepsHalfTheBackoffAndDrawsTheOtherHalf() {
        assertThat(new RetryPolicy(BASE, CAP, MAX_ATTEMPTS, FixedJitter.none()).retryAt(3, NOW, null))
                .isEqualTo(NOW.plusSeconds(2));

        RetryPolicy seeded = new RetryPolicy(BASE, CAP, MAX_ATTEMPTS, new SplittableRandom(42));
        List<Duration> delays = IntStream.range(0, 1_000)
                .mapToObj(i -> Duration.between(NOW, seeded.retryAt(3, NOW, null)))
                .toList();

        assertThat(delays)
                .allSatisfy(delay -> assertThat(delay).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4)));
        assertThat(delays).anySatisfy(delay -> assertThat(delay).isLessThan(Duration.ofMillis(2_200)));
        assertThat(delays).anySatisfy(delay -> assertThat(delay).isGreaterThan(Duration.ofMillis(3_800)));
    }

    @Test
    void aLaterRetryAfterWins() {
        RetryPolicy policy = withFullBackoff();

        assertThat(policy.retryAt(1, NOW, Duration.ofMinutes(5))).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void anEarlierRetryAfterDoesNotShortenTheBackoff() {
        RetryPolicy policy = withFullBackoff();

        assertThat(policy.retryAt(3, NOW, Duration.ofMillis(100))).isEqualTo(NOW.plusSeconds(4));
    }

    @Test
    void rejectsSettingsThatMakeNoSense() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetryPolicy(Duration.ZERO, CAP, MAX_ATTEMPTS, FixedJitter.full()))
                .withMessageContaining("base must be positive");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetryPolicy(Duration.ofSeconds(-1), CAP, MAX_ATTEMPTS, FixedJitter.full()))
                .withMessageContaining("base must be positive");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetryPolicy(CAP, BASE, MAX_ATTEMPTS, FixedJitter.full()))
                .withMessageContaining("cap must not be shorter than base");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetryPolicy(BASE, CAP, 0, FixedJitter.full()))
                .withMessageContaining("maxAttempts must be at least 1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> withFullBackoff().retryAt(0, NOW, null))
                .withMessageContaining("failedAttempt must be at least 1");
    }
}

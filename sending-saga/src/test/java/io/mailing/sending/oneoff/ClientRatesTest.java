package io.mailing.sending.oneoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class ClientRatesTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong clock = new AtomicLong(123_456_789L);

    @Test
    void aClientMayAskForItsBurstAtOnceAndThenAtItsRate() {
        ClientRates rates = new ClientRates(2, 5, clock::get);
        for (int i = 0; i < 5; i++) {
            assertThat(rates.take("shop")).isZero();
        }
        assertThat(rates.take("shop")).isEqualTo(SECOND / 2);

        clock.addAndGet(SECOND / 4);
        assertThat(rates.take("shop")).isEqualTo(SECOND / 4);
        clock.addAndGet(SECOND / 4);
        assertThat(rates.take("shop")).isZero();
        assertThat(rates.take("shop")).isPositive();
    }

    @Test
    void eachClientHasItsOwnAllowanceAndAnIdleOneSavesUpNoMoreThanItsBurst() {
        ClientRates rates = new ClientRates(1, 2, clock::get);
        rates.take("shop");
        rates.take("shop");
        assertThat(rates.take("shop")).isPositive();
        assertThat(rates.take("billing")).isZero();

        clock.addAndGet(3_600 * SECOND);
        assertThat(rates.take("shop")).isZero();
        assertThat(rates.take("shop")).isZero();
        assertThat(rates.take("shop")).isPositive();
    }

    @Test
    void noRateMeansNoLimit() {
        ClientRates rates = new ClientRates(0, 0, clock::get);
        for (int i = 0; i < 10_000; i++) {
            assertThat(rates.take("shop")).isZero();
        }
    }

    @Test
    void manyClientsDoNotGrowItWithoutBoundOnceTheirBucketsHaveFilledUp() {
        ClientRates rates = new ClientRates(1, 1, clock::get);
        for (int i = 0; i < 3 * ClientRates.SWEEP_AT; i++) {
            rates.take("client-" + i);
            clock.addAndGet(SECOND / 100);
        }
        assertThat(rates.take("client-" + (3 * ClientRates.SWEEP_AT - 1))).isPositive();
        assertThat(rates)
                .extracting("buckets")
                .asInstanceOf(InstanceOfAssertFactories.MAP)
                .hasSizeLessThanOrEqualTo(ClientRates.SWEEP_AT + 100);
    }

    @Test
    void manyClientsSendingAtOnceAreSweptNowAndThenNotAtEveryRequest() {
        ClientRates rates = new ClientRates(0.001, 5, clock::get);
        for (int i = 0; i < ClientRates.SWEEP_AT + 10; i++) {
            rates.take("client-" + i);
        }
        assertThat(rates)
                .as("nobody's bucket is full again, so the sweep dropped none and waits for twice as many")
                .extracting("sweepAt")
                .isEqualTo(2 * ClientRates.SWEEP_AT);
        for (int i = 0; i < 100; i++) {
            rates.take("client-" + i);
        }
        assertThat(rates).extracting("sweepAt").isEqualTo(2 * ClientRates.SWEEP_AT);
    }

    @Test
    void aNegativeRateOrAnEmptyBurstIsAMistakeInTheSettings() {
        assertThatThrownBy(() -> new ClientRates(-1, 10, clock::get))
                .hasMessageContaining("mailing.one-offs.per-client.rate");
        assertThatThrownBy(() -> new ClientRates(5, 0, clock::get))
                .hasMessageContaining("mailing.one-offs.per-client.burst");
    }
}

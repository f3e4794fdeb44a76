package io.mailing.sending.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliveryConfigurationTest {

    private static final Duration LEASE = Duration.ofSeconds(60);

    @Test
    void boundsTheAttemptTimeoutByTheConfiguredFloorAndCeiling() {
        AttemptTimeout timeout = DeliveryConfiguration.attemptTimeout(properties(LEASE, "2s", "10s", "30s"));

        assertThat(timeout.current()).isEqualTo(Duration.ofSeconds(10));
        assertThat(timeout.ceiling()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void refusesAnAttemptTimeoutThatCouldOutliveHalfTheLease() {
        assertThatThrownBy(() -> DeliveryConfiguration.attemptTimeout(properties(LEASE, "2s", "10s", "31s")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mailing.delivery.provider.request-timeout-max")
                .hasMessageContaining("half of mailing.delivery.lease");
    }

    @Test
    void refusesACeilingBelowTheFloor() {
        assertThatThrownBy(() -> DeliveryConfiguration.attemptTimeout(properties(LEASE, "2s", "20s", "10s")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shorter than mailing.delivery.provider.request-timeout");
    }

    @Test
    void refusesAConnectTimeoutThatIsNotShorterThanTheRequestTimeout() {
        assertThatThrownBy(() -> DeliveryConfiguration.attemptTimeout(properties(LEASE, "10s", "10s", "30s")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mailing.delivery.provider.connect-timeout");
    }

    private static DeliveryProperties properties(Duration lease, String connect, String least, String most) {
        return new DeliveryProperties(
                true,
                "node",
                100,
                0,
                100,
                lease,
                Duration.ofMillis(200),
                Duration.ofSeconds(1),
                20_000,
                200,
                Duration.ofMillis(20),
                Duration.ofMillis(200),
                new DeliveryProperties.Provider(
                        URI.create("http://127.0.0.1:1"),
                        "token",
                        Duration.parse("PT" + connect.toUpperCase()),
                        Duration.parse("PT" + least.toUpperCase()),
                        Duration.parse("PT" + most.toUpperCase()),
                        3),
                null,
                null,
                null);
    }
}

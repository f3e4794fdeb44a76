package io.mailing.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class MetricDescriptionsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    MetricDescriptionsTest() {
        meters.config().meterFilter(new MetricDescriptions());
    }

    @Test
    void givesSpringsHttpTimersAHelpText() {
        Timer requests = Timer.builder("http.server.requests").tag("uri", "/x").register(meters);

        assertThat(requests.getId().getDescription()).startsWith("HTTP requests answered");
        assertThat(requests.getId().getTag("uri")).isEqualTo("/x");
    }

    @Test
    void keepsADescriptionGivenAndLeavesOtherMetersAlone() {
        Timer described =
                Timer.builder("http.client.requests").description("ours").register(meters);
        Timer other = Timer.builder("something.else").register(meters);

        assertThat(described.getId().getDescription()).isEqualTo("ours");
        assertThat(other.getId().getDescription()).isNull();
    }
}

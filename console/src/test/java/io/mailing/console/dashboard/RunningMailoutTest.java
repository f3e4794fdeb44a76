package io.mailing.console.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.console.mailout.Mailout;
import io.mailing.console.mailout.Messages;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunningMailoutTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private static Mailout mailout(long total, long sent) {
        return new Mailout(
                UUID.randomUUID(),
                "Hello",
                NOW,
                NOW.plusSeconds(3_600),
                null,
                null,
                false,
                "SMS",
                null,
                null,
                "RUNNING",
                NOW,
                NOW,
                null,
                null,
                null,
                null,
                null,
                new Messages(total, Map.of("SENT", sent, "QUEUED", total - sent)));
    }

    @Test
    void expectsTheRestAtTheRecentRate() {
        RunningMailout running = RunningMailout.of(mailout(1_000, 400), 600, Duration.ofMinutes(5), NOW);

        assertThat(running.rate()).isEqualTo("2.0 messages/s");
        assertThat(running.eta()).isEqualTo(NOW.plusSeconds(300));
        assertThat(running.remaining(NOW)).isEqualTo("about 5 min");
        assertThat(running.remaining(NOW.plusSeconds(290))).isEqualTo("10 s");
    }

    @Test
    void knowsNoEndWithoutARate() {
        RunningMailout running = RunningMailout.of(mailout(10, 0), 0, Duration.ofMinutes(5), NOW);

        assertThat(running.perSecond()).isNull();
        assertThat(running.eta()).isNull();
        assertThat(running.rate()).isEqualTo("no message final lately");
    }
}

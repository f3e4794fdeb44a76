package io.mailing.simulator;

import static io.mailing.simulator.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RunningSimulator.class)
class FailureKindsIT {

    private final ProviderSimulator simulator;
    private final SimulatorClient client;

    FailureKindsIT(ProviderSimulator simulator, SimulatorClient client) {
        this.simulator = simulator;
        this.client = client;
    }

    @Test
    void serverErrorAnswers500() {
        failAlways(FailureKind.SERVER_ERROR);

        HttpResponse<String> response = client.send(1);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response)).isEqualTo(json("{\"code\":500,\"message\":\"simulated server error\"}"));
        assertRecordedAs(Outcome.SERVER_ERROR);
    }

    @Test
    void rateLimitedAnswers429WithRetryAfter() {
        failAlways(FailureKind.RATE_LIMITED);

        HttpResponse<String> response = client.send(1);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(json(response).get("code").asInt()).isEqualTo(429);
        assertRecordedAs(Outcome.RATE_LIMITED);
    }

    @Test
    void malformedBodyAnswers200WithSomethingElseThanTheContractsJson() {
        failAlways(FailureKind.MALFORMED_BODY);

        HttpResponse<String> response = client.send(1);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("<html>oops</html>");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThatThrownBy(() -> json(response)).isInstanceOf(UncheckedIOException.class);
        assertRecordedAs(Outcome.MALFORMED_BODY);
    }

    @Test
    void timeoutLetsTheClientsTimeoutFire() {
        failAlways(FailureKind.TIMEOUT);

        assertThatThrownBy(() -> client.sendAsync(1, Duration.ofMillis(300)).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(HttpTimeoutException.class);
        assertRecordedAs(Outcome.TIMEOUT);
    }

    @Test
    void timeoutClosesTheConnectionUnansweredAfterTheHold() {
        Duration hold = Duration.ofMillis(300);
        simulator.behave(Behaviour.healthy()
                .withFailureKinds(FailureKind.TIMEOUT)
                .withFailureRate(1)
                .withTimeoutHold(hold));

        long started = System.nanoTime();
        CompletableFuture<HttpResponse<String>> response = client.sendAsync(1, Duration.ofSeconds(20));

        assertThatThrownBy(() -> response.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class)
                .cause()
                .isNotInstanceOf(HttpTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(hold, Duration.ofSeconds(10));
    }

    @Test
    void closingReleasesHeldRequestsAtOnce() {
        simulator.behave(Behaviour.healthy()
                .withFailureKinds(FailureKind.TIMEOUT)
                .withFailureRate(1)
                .withTimeoutHold(Duration.ofHours(1)));
        CompletableFuture<HttpResponse<String>> response = client.sendAsync(1, Duration.ofMinutes(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.stats().totalCalls() == 1);

        simulator.close();

        assertThatThrownBy(() -> response.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void closingReleasesDelayedAnswers() {
        simulator.behave(Behaviour.healthy().withLatency(Duration.ofHours(1), Duration.ZERO));
        CompletableFuture<HttpResponse<String>> response = client.sendAsync(1, Duration.ofMinutes(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.stats().totalCalls() == 1);

        simulator.close();

        assertThatThrownBy(() -> response.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
    }

    /**
     * 2,000 calls at 30 %: 600 failures expected, standard deviation 20.5; each of the two kinds 300, deviation 16.
     * The bounds are five deviations wide.
     */
    @Test
    void failsAtTheConfiguredRateInTheSelectedKinds() {
        simulator.behave(Behaviour.healthy()
                .withFailureKinds(FailureKind.SERVER_ERROR, FailureKind.RATE_LIMITED)
                .withFailureRate(0.3));
        Map<Integer, Integer> statuses = new TreeMap<>();

        for (int msgId = 0; msgId < 2_000; msgId++) {
            statuses.merge(client.send(msgId).statusCode(), 1, Integer::sum);
        }

        assertThat(statuses).containsOnlyKeys(200, 429, 500);
        assertThat(statuses.get(429) + statuses.get(500)).isBetween(500, 700);
        assertThat(statuses.get(429)).isBetween(220, 380);
        assertThat(statuses.get(500)).isBetween(220, 380);
        Map<FailureKind, Long> expected = new EnumMap<>(FailureKind.class);
        expected.put(FailureKind.TIMEOUT, 0L);
        expected.put(FailureKind.SERVER_ERROR, (long) statuses.get(500));
        expected.put(FailureKind.RATE_LIMITED, (long) statuses.get(429));
        expected.put(FailureKind.MALFORMED_BODY, 0L);
        assertThat(simulator.stats().failedByKind()).isEqualTo(expected);
        assertThat(simulator.stats().delivered()).isEqualTo((long) statuses.get(200));
    }

    private void failAlways(FailureKind kind) {
        simulator.behave(Behaviour.healthy().withFailureKinds(kind).withFailureRate(1));
    }

    private void assertRecordedAs(Outcome outcome) {
        assertThat(simulator.calls()).extracting(Call::outcome).containsExactly(outcome);
        assertThat(simulator.stats().failed(outcome.failureKind())).isEqualTo(1);
        assertThat(simulator.stats().delivered()).isZero();
    }
}

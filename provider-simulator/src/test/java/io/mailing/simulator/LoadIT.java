package io.mailing.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator must never be what limits the platform: it holds a thousand requests in flight at once. Its
 * throughput is a figure for the benchmark, not a timed test.
 */
class LoadIT {

    private static final int IN_FLIGHT = 1_000;

    private ProviderSimulator simulator;

    @AfterEach
    void close() {
        simulator.close();
    }

    /**
     * All requests are received, and none answered, before the first latency is over: a thousand requests in flight at
     * once, which a pool of sleeping threads could only reach with a thousand threads.
     */
    @Test
    void keepsAThousandRequestsInFlightAtOnce() throws Exception {
        Duration latency = Duration.ofSeconds(6);
        simulator = start(Behaviour.healthy().withLatency(latency, Duration.ZERO));
        SimulatorClient client = new SimulatorClient(simulator.baseUrl());

        List<CompletableFuture<HttpResponse<String>>> responses = sendAll(client, Duration.ofSeconds(60));

        await().atMost(latency.minusSeconds(1)).until(() -> simulator.stats().totalCalls() == IN_FLIGHT);
        assertThat(responses).noneMatch(CompletableFuture::isDone);
        CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(responses)
                .allSatisfy(response -> assertThat(response.join().statusCode()).isEqualTo(200));
    }

    private static ProviderSimulator start(Behaviour behaviour) {
        return ProviderSimulator.start(SimulatorSettings.defaults().withBehaviour(behaviour));
    }

    private static List<CompletableFuture<HttpResponse<String>>> sendAll(SimulatorClient client, Duration timeout) {
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int msgId = 0; msgId < IN_FLIGHT; msgId++) {
            responses.add(client.sendAsync(msgId, timeout));
        }
        return responses;
    }
}

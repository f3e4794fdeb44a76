package io.mailing.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator must never be what limits the platform's benchmark. */
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

    /**
     * A thousand requests at 200 ms latency are all answered within a few seconds (client included), where 16
     * sleeping threads, the fewest workers this simulator has, would need 12.5 seconds.
     */
    @Test
    void answersAThousandConcurrentRequestsAtTwoHundredMillisecondsLatency() throws Exception {
        simulator = start(Behaviour.healthy().withLatency(Duration.ofMillis(200), Duration.ZERO));
        SimulatorClient client = new SimulatorClient(simulator.baseUrl());

        long started = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> responses = sendAll(client, Duration.ofSeconds(30));
        CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertThat(responses)
                .allSatisfy(response -> assertThat(response.join().statusCode()).isEqualTo(200));
        assertThat(simulator.stats().delivered()).isEqualTo(IN_FLIGHT);
        assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
    }

    /**
     * Thousands of requests per second through the JDK's own client. With Nagle's algorithm on (no
     * {@code sun.net.httpserver.nodelay}), 32 connections top out near 800 requests/s: each answer waits for the
     * client's delayed ACK.
     */
    @Test
    void sustainsThousandsOfRequestsPerSecondWithoutLatency() throws Exception {
        simulator = start(Behaviour.healthy());
        SimulatorClient client = new SimulatorClient(simulator.baseUrl());
        sendFromThreads(client, 2_000, 0);

        int requests = 10_000;
        long started = System.nanoTime();
        int ok = sendFromThreads(client, requests, 2_000);
        double perSecond =
                requests / (Duration.ofNanos(System.nanoTime() - started).toNanos() / 1e9);

        assertThat(ok).isEqualTo(requests);
        assertThat(simulator.stats().uniqueMsgIds()).isEqualTo(12_000);
        assertThat(perSecond).isGreaterThan(1_200);
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

    /** Sends msgIds {@code first} to {@code first + requests - 1} from 32 threads; returns how many got a 200. */
    private static int sendFromThreads(SimulatorClient client, int requests, int first) throws InterruptedException {
        int threads = 32;
        AtomicInteger next = new AtomicInteger(first);
        AtomicInteger ok = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            senders.execute(() -> {
                for (int msgId = next.getAndIncrement(); msgId < first + requests; msgId = next.getAndIncrement()) {
                    if (client.send(msgId).statusCode() == 200) {
                        ok.incrementAndGet();
                    }
                }
            });
        }
        senders.shutdown();
        assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        return ok.get();
    }
}

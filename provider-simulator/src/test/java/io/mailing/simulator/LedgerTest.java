package io.mailing.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LedgerTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private final Ledger ledger = new Ledger(true);

    @Test
    void countsRepeatedMsgIdsAndDuplicateDeliveries() {
        record(1, Outcome.DELIVERED);
        record(1, Outcome.DELIVERED);
        record(2, Outcome.SERVER_ERROR);
        record(2, Outcome.DELIVERED);
        record(3, Outcome.TIMEOUT);
        record(3, Outcome.RATE_LIMITED);
        record(4, Outcome.DELIVERED);

        SimulatorStats stats = ledger.stats();

        assertThat(stats.totalCalls()).isEqualTo(7);
        assertThat(stats.delivered()).isEqualTo(4);
        assertThat(stats.failed()).isEqualTo(3);
        assertThat(stats.failedByKind())
                .containsEntry(FailureKind.SERVER_ERROR, 1L)
                .containsEntry(FailureKind.TIMEOUT, 1L)
                .containsEntry(FailureKind.RATE_LIMITED, 1L)
                .containsEntry(FailureKind.MALFORMED_BODY, 0L);
        assertThat(stats.uniqueMsgIds()).isEqualTo(4);
        assertThat(stats.repeatedMsgIds()).isEqualTo(3);
        assertThat(stats.deliveredMsgIds()).isEqualTo(3);
        assertThat(stats.duplicateDeliveries()).isEqualTo(1);
        assertThat(ledger.counts(1)).isEqualTo(new MsgIdCounts.Counts(2, 2));
        assertThat(ledger.counts(3)).isEqualTo(new MsgIdCounts.Counts(2, 0));
        assertThat(ledger.counts(5)).isEqualTo(new MsgIdCounts.Counts(0, 0));
    }

    @Test
    void keepsTheCallsInArrivalOrder() {
        ledger.record(7, 79_161_234_567L, "Hello", T0, Outcome.DELIVERED);
        ledger.record(8, 79_161_234_568L, "Bye", T0.plusMillis(1), Outcome.MALFORMED_BODY);
        ledger.record(7, 79_161_234_567L, "Hello", T0.plusMillis(2), Outcome.SERVER_ERROR);

        assertThat(ledger.calls())
                .containsExactly(
                        new Call(7, 79_161_234_567L, "Hello", T0, Outcome.DELIVERED),
                        new Call(8, 79_161_234_568L, "Bye", T0.plusMillis(1), Outcome.MALFORMED_BODY),
                        new Call(7, 79_161_234_567L, "Hello", T0.plusMillis(2), Outcome.SERVER_ERROR));
        assertThat(ledger.calls(7)).extracting(Call::outcome).containsExactly(Outcome.DELIVERED, Outcome.SERVER_ERROR);
        assertThat(ledger.lastCalls(2)).extracting(Call::msgId).containsExactly(8L, 7L);
        assertThat(ledger.lastCalls(10)).hasSize(3);
    }

    @Test
    void firstAndLastCallTimesAreTheEarliestAndLatestArrivals() {
        assertThat(ledger.stats().firstCallAt()).isNull();

        ledger.record(1, 1, "a", T0.plusSeconds(5), Outcome.DELIVERED);
        ledger.record(2, 1, "a", T0, Outcome.DELIVERED);
        ledger.record(3, 1, "a", T0.plusSeconds(9), Outcome.DELIVERED);
        ledger.record(4, 1, "a", T0.plusSeconds(7), Outcome.DELIVERED);

        assertThat(ledger.stats().firstCallAt()).isEqualTo(T0);
        assertThat(ledger.stats().lastCallAt()).isEqualTo(T0.plusSeconds(9));
    }

    @Test
    void withoutRecordingKeepsEveryCounter() {
        Ledger counting = new Ledger(false);

        counting.record(1, 1, "a", T0, Outcome.DELIVERED);
        counting.record(1, 1, "a", T0, Outcome.DELIVERED);
        counting.unauthorized();
        counting.badRequest();

        assertThat(counting.calls()).isEmpty();
        assertThat(counting.calls(1)).isEmpty();
        assertThat(counting.counts(1)).isEqualTo(new MsgIdCounts.Counts(2, 2));
        SimulatorStats stats = counting.stats();
        assertThat(stats.totalCalls()).isEqualTo(2);
        assertThat(stats.duplicateDeliveries()).isEqualTo(1);
        assertThat(stats.unauthorized()).isEqualTo(1);
        assertThat(stats.badRequests()).isEqualTo(1);
    }

    @Test
    void resetForgetsEverything() {
        record(1, Outcome.DELIVERED);
        record(1, Outcome.DELIVERED);
        ledger.unauthorized();
        ledger.badRequest();

        ledger.reset();

        assertThat(ledger.calls()).isEmpty();
        assertThat(ledger.counts(1)).isEqualTo(new MsgIdCounts.Counts(0, 0));
        assertThat(ledger.stats()).isEqualTo(new SimulatorStats(0, 0, Map.of(), 0, 0, 0, 0, 0, 0, null, null));
        record(1, Outcome.DELIVERED);
        assertThat(ledger.stats().uniqueMsgIds()).isEqualTo(1);
        assertThat(ledger.stats().repeatedMsgIds()).isZero();
    }

    @Test
    void holdsAMillionCalls() {
        int calls = 1_000_000;
        int distinct = 600_000;
        for (int i = 0; i < calls; i++) {
            ledger.record(i % distinct, 79_000_000_000L + i, "Hello", T0.plusNanos(i), Outcome.DELIVERED);
        }

        SimulatorStats stats = ledger.stats();

        assertThat(stats.totalCalls()).isEqualTo(calls);
        assertThat(stats.uniqueMsgIds()).isEqualTo(distinct);
        assertThat(stats.repeatedMsgIds()).isEqualTo(calls - distinct);
        assertThat(stats.duplicateDeliveries()).isEqualTo(calls - distinct);
        assertThat(ledger.calls()).hasSize(calls);
        assertThat(ledger.calls(123_456))
                .containsExactly(
                        new Call(123_456, 79_000_123_456L, "Hello", T0.plusNanos(123_456), Outcome.DELIVERED),
                        new Call(123_456, 79_000_723_456L, "Hello", T0.plusNanos(723_456), Outcome.DELIVERED));
        assertThat(ledger.lastCalls(1)).extracting(Call::phone).containsExactly(79_000_000_000L + calls - 1);
    }

    @Test
    void concurrentCallsAreAllCounted() throws Exception {
        int threads = 8;
        int msgIds = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Outcome outcome = t % 2 == 0 ? Outcome.DELIVERED : Outcome.SERVER_ERROR;
            done.add(CompletableFuture.runAsync(
                    () -> {
                        awaitQuietly(start);
                        for (int id = 0; id < msgIds; id++) {
                            ledger.record(id, 1, "a", Instant.now(), outcome);
                        }
                    },
                    pool));
        }
        start.countDown();
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        pool.shutdown();

        SimulatorStats stats = ledger.stats();
        assertThat(stats.totalCalls()).isEqualTo((long) threads * msgIds);
        assertThat(stats.delivered()).isEqualTo((long) threads / 2 * msgIds);
        assertThat(stats.uniqueMsgIds()).isEqualTo(msgIds);
        assertThat(stats.repeatedMsgIds()).isEqualTo(msgIds);
        assertThat(stats.deliveredMsgIds()).isEqualTo(msgIds);
        assertThat(stats.duplicateDeliveries()).isEqualTo(msgIds);
        assertThat(ledger.calls()).hasSize(threads * msgIds);
        assertThat(ledger.counts(42)).isEqualTo(new MsgIdCounts.Counts(threads, threads / 2));
    }

    private void record(long msgId, Outcome outcome) {
        ledger.record(msgId, 79_161_234_567L, "Hello", T0, outcome);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

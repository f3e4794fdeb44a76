package io.mailing.sending.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SendRateLimiterTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long START = 5_000_000_000L;

    private final AtomicLong now = new AtomicLong(START);

    private SendRateLimiter limiter(double permitsPerSecond) {
        return new SendRateLimiter(permitsPerSecond, now::get);
    }

    /** A caller that waits exactly what it is told, {@code late} more, and uses its permit; returns the use times. */
    private List<Long> useGreedily(SendRateLimiter limiter, int permits, long late) {
        List<Long> used = new ArrayList<>();
        for (int i = 0; i < permits; i++) {
            long wait = limiter.reserve();
            now.addAndGet(wait);
            used.add(now.get());
            now.addAndGet(late);
        }
        return used;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.POSITIVE_INFINITY})
    void letsEverythingThroughWhenUnlimited(double permitsPerSecond) {
        SendRateLimiter limiter = limiter(permitsPerSecond);

        assertThat(IntStream.range(0, 10_000).mapToLong(i -> limiter.reserve())).containsOnly(0L);
    }

    @Test
    void refusesARateThatIsNotANumber() {
        assertThatThrownBy(() -> limiter(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void spacesPermitsOneIntervalApartOnceTheBankIsSpent() {
        SendRateLimiter limiter = limiter(10);

        long[] waits = LongStream.range(0, 6).map(i -> limiter.reserve()).toArray();

        // 100 ms banked at 10/s is one permit: two at once, then one every 100 ms.
        assertThat(waits).containsExactly(0, 0, 100 * MS, 200 * MS, 300 * MS, 400 * MS);
    }

    @Test
    void grantsAtMostAHundredMillisecondsWorthAtOnceAfterAnIdleSpell() {
        SendRateLimiter limiter = limiter(100);
        useGreedily(limiter, 50, 0);
        now.addAndGet(TimeUnit.HOURS.toNanos(1));

        long[] waits = LongStream.range(0, 14).map(i -> limiter.reserve()).toArray();

        assertThat(LongStream.of(waits).filter(wait -> wait == 0)).hasSize(11);
        assertThat(waits[11]).isEqualTo(10 * MS);
        assertThat(waits[13]).isEqualTo(30 * MS);
    }

    @Test
    void pacesACallerThatKeepsUpExactlyAtTheRate() {
        SendRateLimiter limiter = limiter(50);

        List<Long> used = useGreedily(limiter, 200, 0);

        List<Long> gaps = IntStream.range(1, used.size())
                .mapToObj(i -> used.get(i) - used.get(i - 1))
                .toList();
        assertThat(gaps.subList(0, 5)).containsExactly(0L, 0L, 0L, 0L, 0L);
        assertThat(gaps.subList(5, gaps.size())).containsOnly(20 * MS);
    }

    @Test
    void absorbsLateWakeUpsWithoutLosingThroughput() {
        SendRateLimiter limiter = limiter(10);

        List<Long> used = useGreedily(limiter, 101, 5 * MS);

        // Strict pacing from the moment of each call would need 100 × 105 ms.
        assertThat(used.get(100) - used.get(0)).isLessThanOrEqualTo(100 * 100 * MS);
    }

    @Test
    void neverExceedsTheRatePlusTheBankInAnySecond() {
        SendRateLimiter limiter = limiter(200);
        List<Long> used = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            used.addAll(useGreedily(limiter, 150 + round * 13, 0));
            now.addAndGet((round % 4) * 300 * MS);
        }

        long mostInOneSecond = 0;
        for (int first = 0, last = 0; first < used.size(); first++) {
            while (last < used.size() && used.get(last) - used.get(first) < 1000 * MS) {
                last++;
            }
            mostInOneSecond = Math.max(mostInOneSecond, last - first);
        }
        assertThat(mostInOneSecond).isLessThanOrEqualTo(200 + 1 + 20).isGreaterThanOrEqualTo(200);
    }

    @Test
    void neverGoesFasterThanTheRateWhenTheIntervalIsNotWholeNanoseconds() {
        SendRateLimiter limiter = limiter(3);

        List<Long> used = useGreedily(limiter, 100, 0);

        assertThat(used.get(99) - used.get(1)).isGreaterThanOrEqualTo(98 * TimeUnit.SECONDS.toNanos(1) / 3);
    }

    @Test
    void keepsPacingAcrossANanoClockOverflow() {
        now.set(Long.MAX_VALUE - 150 * MS);
        SendRateLimiter limiter = limiter(10);

        List<Long> used = useGreedily(limiter, 6, 0);

        assertThat(IntStream.range(1, used.size()).mapToLong(i -> used.get(i) - used.get(i - 1)))
                .containsExactly(0L, 100 * MS, 100 * MS, 100 * MS, 100 * MS);
        assertThat(used.get(5)).isNegative();
    }

    @Test
    void handsEveryConcurrentCallerItsOwnSlot() throws Exception {
        SendRateLimiter limiter = limiter(1000);
        int threads = 8;
        int perThread = 20_000;
        ConcurrentLinkedQueue<Long> waits = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                callers.add(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        waits.add(limiter.reserve());
                    }
                    return null;
                });
            }
            List<Future<Void>> running = callers.stream().map(pool::submit).toList();
            go.countDown();
            for (Future<Void> caller : running) {
                caller.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        // 101 free (the bank holds 100 ms at 1 ms per permit), then every millisecond slot exactly once.
        List<Long> expected = LongStream.range(0, threads * perThread)
                .map(i -> Math.max(0, i - 100) * MS)
                .boxed()
                .toList();
        assertThat(waits.stream().sorted().toList()).isEqualTo(expected);
    }
}

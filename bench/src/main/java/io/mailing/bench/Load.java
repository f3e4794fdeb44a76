package io.mailing.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Load on one endpoint, over persistent {@link Connection}s, one thread each: at a fixed rate (open loop) or from a
 * number of callers, each waiting for its answer.
 */
public final class Load {

    /**
     * One request: the n-th call's method, path and body (or {@code null}), and its {@code Idempotency-Key} (or
     * {@code null}).
     */
    public record Call(String method, String path, String body, String idempotencyKey) {

        public Call(String method, String path, String body) {
            this(method, path, body, null);
        }
    }

    /** Enough connections for 500 requests/s to stay on schedule while answers take up to 100 ms. */
    private static final int OPEN_LOOP_CONNECTIONS = 50;

    private Load() {}

    /**
     * {@code rate} requests per second for {@code duration}, whatever the answers take (each request is due at its
     * own time and its latency counts from then, so a stalled server shows in the figures instead of slowing the
     * load down); a warm-up at the same rate first, not counted.
     */
    public static Latencies atRate(
            String name, Api api, IntFunction<Call> calls, int rate, Duration warmUp, Duration duration)
            throws InterruptedException {
        long period = 1_000_000_000L / rate;
        run(api, calls, OPEN_LOOP_CONNECTIONS, warmUp, 0, period);
        return run(api, calls, OPEN_LOOP_CONNECTIONS, duration, 1_000_000, period)
                .named(name);
    }

    /** {@code callers} callers in a loop for {@code duration}, after a warm-up of the same kind. */
    static Latencies closed(
            String name, Api api, IntFunction<Call> calls, int callers, Duration warmUp, Duration duration)
            throws InterruptedException {
        run(api, calls, callers, warmUp, 0, 0);
        return run(api, calls, callers, duration, 0, 0).named(name);
    }

    /**
     * {@code threads} threads, each on its own connection, make calls {@code first}, {@code first + 1}, … for
     * {@code duration}: each as soon as the last answer came ({@code period} 0), or each at its due time, {@code
     * period} nanoseconds after the one before.
     */
    private static Result run(Api api, IntFunction<Call> calls, int threads, Duration duration, int first, long period)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        AtomicInteger next = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        long[][] perThread = new long[threads][];
        int[] counts = new int[threads];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int worker = t;
            perThread[t] = new long[1 << 12];
            workers[t] = new Thread(() -> {
                try (Connection connection = api.connect()) {
                    while (true) {
                        int n = next.getAndIncrement();
                        long due = period > 0 ? start + n * period : System.nanoTime();
                        if (due >= end) {
                            return;
                        }
                        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                            LockSupport.parkNanos(wait);
                        }
                        int status;
                        try {
                            status = connection.exchange(calls.apply(first + n));
                        } catch (IOException | RuntimeException e) {
                            status = 599;
                        }
                        if (status >= 400) {
                            errors.incrementAndGet();
                        }
                        if (counts[worker] == perThread[worker].length) {
                            perThread[worker] = Arrays.copyOf(perThread[worker], counts[worker] * 2);
                        }
                        perThread[worker][counts[worker]++] = System.nanoTime() - due;
                    }
                }
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(perThread[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        return new Result(all, total, errors.get(), seconds);
    }

    private record Result(long[] nanos, int count, long errors, double seconds) {

        Latencies named(String name) {
            return Latencies.of(name, nanos, count, errors, seconds);
        }
    }
}

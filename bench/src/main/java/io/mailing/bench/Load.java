package io.mailing.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/** Load on one endpoint: at a fixed rate (open loop) or from a number of callers, each waiting for its answer. */
public final class Load {

    /** One request: the n-th call's method, path and body (or {@code null}). */
    public record Call(String method, String path, String body) {}

    private Load() {}

    /**
     * {@code rate} requests per second for {@code duration}, whatever the answers take; a warm-up at the same rate
     * first, not counted.
     */
    public static Latencies atRate(
            String name, Api api, IntFunction<Call> calls, int rate, Duration warmUp, Duration duration)
            throws InterruptedException {
        run(api, calls, rate, warmUp, new AtomicInteger());
        return run(api, calls, rate, duration, new AtomicInteger(1_000_000)).named(name);
    }

    /** {@code callers} callers in a loop for {@code duration}, after a warm-up of the same kind. */
    static Latencies closed(
            String name, Api api, IntFunction<Call> calls, int callers, Duration warmUp, Duration duration)
            throws InterruptedException {
        loop(api, calls, callers, warmUp);
        return loop(api, calls, callers, duration).named(name);
    }

    private static Result run(Api api, IntFunction<Call> calls, int rate, Duration duration, AtomicInteger sequence)
            throws InterruptedException {
        int total = (int) (rate * duration.toMillis() / 1000);
        long[] nanos = new long[total];
        AtomicInteger recorded = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<CompletableFuture<?>> pending = new ConcurrentLinkedQueue<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        long period = 1_000_000_000L / rate;
        AtomicInteger issued = new AtomicInteger();
        ticker.scheduleAtFixedRate(
                () -> {
                    long now = System.nanoTime();
                    // Catch up on every request that fell due since the last tick, each timed from when it was due.
                    while (issued.get() < total && start + issued.get() * period <= now) {
                        long due = start + issued.getAndIncrement() * period;
                        Call call = calls.apply(sequence.getAndIncrement());
                        pending.add(api.send(call.method(), call.path(), call.body())
                                .handle((status, error) -> {
                                    long latency = System.nanoTime() - due;
                                    if (error != null || status >= 400) {
                                        errors.incrementAndGet();
                                    }
                                    int slot = recorded.getAndIncrement();
                                    nanos[slot] = latency;
                                    return null;
                                }));
                    }
                },
                0,
                1,
                TimeUnit.MILLISECONDS);
        while (issued.get() < total) {
            Thread.sleep(10);
        }
        ticker.shutdownNow();
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(nanos, recorded.get(), errors.get(), seconds);
    }

    private static Result loop(Api api, IntFunction<Call> calls, int callers, Duration duration)
            throws InterruptedException {
        long[][] perCaller = new long[callers][];
        int[] counts = new int[callers];
        AtomicLong errors = new AtomicLong();
        AtomicInteger sequence = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        Thread[] threads = new Thread[callers];
        for (int c = 0; c < callers; c++) {
            int caller = c;
            perCaller[c] = new long[1 << 16];
            threads[c] = new Thread(() -> {
                while (System.nanoTime() < end) {
                    Call call = calls.apply(sequence.getAndIncrement());
                    long sent = System.nanoTime();
                    int status;
                    try {
                        status = api.send(call.method(), call.path(), call.body())
                                .join();
                    } catch (RuntimeException e) {
                        status = 599;
                    }
                    if (status >= 400) {
                        errors.incrementAndGet();
                    }
                    if (counts[caller] == perCaller[caller].length) {
                        perCaller[caller] = java.util.Arrays.copyOf(perCaller[caller], counts[caller] * 2);
                    }
                    perCaller[caller][counts[caller]++] = System.nanoTime() - sent;
                }
            });
            threads[c].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int total = java.util.Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < callers; c++) {
            System.arraycopy(perCaller[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        return new Result(all, total, errors.get(), seconds);
    }

    private record Result(long[] nanos, int count, long errors, double seconds) {

        Latencies named(String name) {
            return Latencies.of(name, nanos, count, errors, seconds);
        }
    }
}

package io.mailing.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;

/**
 * What a load produced: requests per second actually achieved, errors, and latency percentiles in milliseconds.
 * Latencies of an open-loop load count from when the request was due, not from when it was sent, so a stalled
 * server shows in the figures instead of slowing the load down (no coordinated omission).
 */
public record Latencies(String name, long requests, long errors, double seconds, double p50, double p99, double max) {

    static Latencies of(String name, long[] nanos, int count, long errors, double seconds) {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        return new Latencies(
                name,
                count,
                errors,
                seconds,
                millis(percentile(sorted, 0.50)),
                millis(percentile(sorted, 0.99)),
                millis(count == 0 ? 0 : sorted[count - 1]));
    }

    @JsonProperty("requestsPerSecond")
    public double perSecond() {
        return requests / seconds;
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}

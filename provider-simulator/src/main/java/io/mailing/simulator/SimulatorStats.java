package io.mailing.simulator;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The simulator's counters since it started or was last reset. A "call" is a request to {@code /v1/send} that passed
 * authorization and validation; refused requests are counted only in {@code unauthorized} and {@code badRequests}.
 *
 * @param totalCalls calls recorded: {@code delivered} plus every failure
 * @param delivered calls answered with the contract's success
 * @param failedByKind calls failed, per kind (every kind present, zero included)
 * @param unauthorized requests refused with 401 (missing or wrong bearer token)
 * @param badRequests requests refused with 400 (bad msgId, body, id, phone or text)
 * @param uniqueMsgIds distinct msgIds called
 * @param repeatedMsgIds msgIds called more than once
 * @param deliveredMsgIds msgIds with at least one successful answer
 * @param duplicateDeliveries msgIds answered successfully more than once
 * @param firstCallAt when the first call arrived; {@code null} before any
 * @param lastCallAt when the latest call arrived; {@code null} before any
 */
public record SimulatorStats(
        long totalCalls,
        long delivered,
        Map<FailureKind, Long> failedByKind,
        long unauthorized,
        long badRequests,
        long uniqueMsgIds,
        long repeatedMsgIds,
        long deliveredMsgIds,
        long duplicateDeliveries,
        Instant firstCallAt,
        Instant lastCallAt) {

    /** Copies the per-kind counts, adding a zero for every kind missing. */
    public SimulatorStats {
        EnumMap<FailureKind, Long> byKind = new EnumMap<>(FailureKind.class);
        for (FailureKind kind : FailureKind.values()) {
            byKind.put(kind, failedByKind.getOrDefault(kind, 0L));
        }
        failedByKind = Collections.unmodifiableMap(byKind);
    }

    /** Calls failed, all kinds together. */
    public long failed() {
        return failedByKind.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Calls failed in this way. */
    public long failed(FailureKind kind) {
        return failedByKind.get(kind);
    }
}

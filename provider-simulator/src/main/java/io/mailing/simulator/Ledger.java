package io.mailing.simulator;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's memory: the calls (unless only counters are kept) and every counter behind {@link SimulatorStats}.
 * One lock guards it all, so a snapshot of the stats always agrees with itself and with {@link #calls()}; the work
 * under the lock is a few array writes, far below the cost of the HTTP exchange around it.
 */
final class Ledger {

    private final boolean recordCalls;
    private final CallLog log = new CallLog();
    private final MsgIdCounts perMsgId = new MsgIdCounts();
    private final long[] failed = new long[FailureKind.values().length];
    private long delivered;
    private long unauthorized;
    private long badRequests;
    private long repeatedMsgIds;
    private long deliveredMsgIds;
    private long duplicateDeliveries;
    private Instant firstCallAt;
    private Instant lastCallAt;

    Ledger(boolean recordCalls) {
        this.recordCalls = recordCalls;
    }

    synchronized void record(long msgId, long phone, String text, Instant receivedAt, Outcome outcome) {
        if (recordCalls) {
            log.append(msgId, phone, text, receivedAt, outcome);
        }
        if (outcome.delivered()) {
            delivered++;
        } else {
            failed[outcome.failureKind().ordinal()]++;
        }
        MsgIdCounts.Counts counts = perMsgId.add(msgId, outcome.delivered());
        if (counts.calls() == 2) {
            repeatedMsgIds++;
        }
        if (outcome.delivered() && counts.deliveries() == 1) {
            deliveredMsgIds++;
        }
        if (outcome.delivered() && counts.deliveries() == 2) {
            duplicateDeliveries++;
        }
        if (firstCallAt == null || receivedAt.isBefore(firstCallAt)) {
            firstCallAt = receivedAt;
        }
        if (lastCallAt == null || receivedAt.isAfter(lastCallAt)) {
            lastCallAt = receivedAt;
        }
    }

    synchronized void unauthorized() {
        unauthorized++;
    }

    synchronized void badRequest() {
        badRequests++;
    }

    synchronized SimulatorStats stats() {
        Map<FailureKind, Long> byKind = new EnumMap<>(FailureKind.class);
        long failedTotal = 0;
        for (FailureKind kind : FailureKind.values()) {
            byKind.put(kind, failed[kind.ordinal()]);
            failedTotal += failed[kind.ordinal()];
        }
        return new SimulatorStats(
                delivered + failedTotal,
                delivered,
                byKind,
                unauthorized,
                badRequests,
                perMsgId.size(),
                repeatedMsgIds,
                deliveredMsgIds,
                duplicateDeliveries,
                firstCallAt,
                lastCallAt);
    }

    /** Every recorded call in arrival order; empty when only counters are kept. */
    synchronized List<Call> calls() {
        return log.from(0);
    }

    /** The latest {@code limit} recorded calls in arrival order. */
    synchronized List<Call> lastCalls(int limit) {
        return log.from(log.size() - limit);
    }

    synchronized int recordedCallCount() {
        return log.size();
    }

    /** The recorded calls of one msgId in arrival order. */
    synchronized List<Call> calls(long msgId) {
        return log.of(msgId);
    }

    /** How often {@code msgId} was called and answered successfully; kept even when calls are not recorded. */
    synchronized MsgIdCounts.Counts counts(long msgId) {
        return perMsgId.get(msgId);
    }

    synchronized void reset() {
        log.clear();
        perMsgId.clear();
        Arrays.fill(failed, 0);
        delivered = 0;
        unauthorized = 0;
        badRequests = 0;
        repeatedMsgIds = 0;
        deliveredMsgIds = 0;
        duplicateDeliveries = 0;
        firstCallAt = null;
        lastCallAt = null;
    }
}

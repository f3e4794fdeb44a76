package io.mailing.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Why the provider was called again with a msgId it had already been called with, or an SMTP server was handed an
 * e-mail again with a {@code Message-ID} it had already taken. Each repeated call is put down to what became of the
 * call before it, as the provider's call log (when each call arrived, whether it was answered with success) and the
 * platform's recorded attempts (when each started and ended, and how) tell it: both sides run on one machine, so a
 * call belongs to the recorded attempt whose start and end surround its arrival. A message's key is whatever the
 * receiving side knows it by: the msgId for SMS, the message's id (in its {@code Message-ID}) for e-mail.
 */
final class RepeatedCalls {

    /** What became of the call before a repeated one. */
    enum Cause {
        /** The provider answered it with a failure (5xx, 429, a malformed body): an ordinary retry. */
        FAILURE_ANSWERED("after a failure the provider answered (ordinary retries)"),
        /** Our side gave up waiting for the answer ({@code TIMEOUT}): its outcome is unknown. */
        TIMEOUT("after our side gave up waiting (TIMEOUT)"),
        /** No outcome was recorded and a sending process was killed while the call's message was leased to it. */
        CRASH("after a call in flight on a killed process"),
        /**
         * No outcome was recorded for another reason (the database was down and the lease ran out), or the connection
         * broke after the provider had the request.
         */
        OTHER("after a call whose outcome was lost otherwise (database down, broken connection)");

        final String description;

        Cause(String description) {
            this.description = description;
        }
    }

    /** A call as the provider recorded it. */
    record Call(Instant receivedAt, boolean delivered) {}

    /**
     * An attempt as the platform recorded it.
     *
     * @param outcome {@code SENT}, or the {@code ErrorKind} it failed with
     */
    record Attempt(Instant startedAt, Instant endedAt, String outcome) {

        boolean surrounds(Instant instant) {
            return !instant.isBefore(startedAt) && !instant.isAfter(endedAt);
        }
    }

    /**
     * @param calls repeated calls by the cause of the call before them
     * @param deliveries calls answered with success although an earlier call of the same message had been, by the
     *     cause of the call before them
     */
    record Tally(Map<Cause, Long> calls, Map<Cause, Long> deliveries) {

        long calls(Cause cause) {
            return calls.get(cause);
        }

        long deliveries(Cause cause) {
            return deliveries.get(cause);
        }
    }

    private final Collection<Instant> kills;
    private final Duration lease;

    /**
     * @param kills when a sending process was killed
     * @param lease how long a message stays leased to the process that claimed it
     */
    RepeatedCalls(Collection<Instant> kills, Duration lease) {
        this.kills = List.copyOf(kills);
        this.lease = lease;
    }

    /**
     * @param calls every message's calls, as the provider (or the SMTP server) recorded them
     * @param attempts every message's attempts, as the platform recorded them
     */
    <K> Tally tally(Map<K, List<Call>> calls, Map<K, List<Attempt>> attempts) {
        Map<Cause, Long> repeated = zeros();
        Map<Cause, Long> redelivered = zeros();
        calls.forEach((message, unordered) -> {
            List<Call> ordered = unordered.stream()
                    .sorted(Comparator.comparing(Call::receivedAt))
                    .toList();
            List<Attempt> recorded = attempts.getOrDefault(message, List.of());
            boolean delivered = false;
            for (int i = 0; i < ordered.size(); i++) {
                Call call = ordered.get(i);
                if (i > 0) {
                    Cause cause = causeAfter(ordered.get(i - 1), recorded);
                    repeated.merge(cause, 1L, Long::sum);
                    if (call.delivered() && delivered) {
                        redelivered.merge(cause, 1L, Long::sum);
                    }
                }
                delivered |= call.delivered();
            }
        });
        return new Tally(repeated, redelivered);
    }

    private Cause causeAfter(Call call, List<Attempt> recorded) {
        return recorded.stream()
                .filter(attempt -> attempt.surrounds(call.receivedAt()))
                .findFirst()
                .map(attempt -> switch (attempt.outcome()) {
                    case "TIMEOUT" -> Cause.TIMEOUT;
                    case "SENT", "CONNECTION_FAILED" -> Cause.OTHER;
                    default -> Cause.FAILURE_ANSWERED;
                })
                .orElseGet(() -> killedWhileLeased(call.receivedAt()) ? Cause.CRASH : Cause.OTHER);
    }

    /** Whether a process was killed after the call arrived and before the lease of its message could run out. */
    private boolean killedWhileLeased(Instant receivedAt) {
        return kills.stream().anyMatch(kill -> !kill.isBefore(receivedAt) && !kill.isAfter(receivedAt.plus(lease)));
    }

    private static Map<Cause, Long> zeros() {
        Map<Cause, Long> counts = new EnumMap<>(Cause.class);
        for (Cause cause : Cause.values()) {
            counts.put(cause, 0L);
        }
        return counts;
    }
}

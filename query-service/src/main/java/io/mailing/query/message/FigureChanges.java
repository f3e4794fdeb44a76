package io.mailing.query.message;

import io.mailing.events.message.ErrorKind;
import io.mailing.events.message.MessageAttemptFailed;
import io.mailing.events.message.MessageFailed;
import io.mailing.events.message.MessageSent;
import io.mailing.events.message.MessageStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * How a batch of message events changes each mailout's figures: messages per status (a message that moves leaves
 * one count for another), attempts, failures by error kind, the times of the first queuing, last sending and last
 * final status, and the messages that became final per minute. Changes are kept in mailout (then error kind, or
 * minute and status) order, the order they are written in, so two transactions never wait for each other's rows in
 * opposite orders.
 */
final class FigureChanges {

    private final Map<UUID, Change> changes = new TreeMap<>();
    private final Map<FailureKey, long[]> failures = new TreeMap<>();
    private final Map<MinuteKey, Long> finishedPerMinute = new TreeMap<>();

    /** Counts a message going from {@code before} ({@code null}: it is new) to {@code after} through {@code event}. */
    void record(MessageRow before, MessageRow after, Object event) {
        MessageView message = after.message();
        Change change = changes.computeIfAbsent(message.mailoutId(), id -> new Change());
        if (before == null) {
            change.byStatus[after.status().ordinal()]++;
            change.firstQueuedAt = earliest(change.firstQueuedAt, message.queuedAt());
        } else if (before.status() != after.status()) {
            change.byStatus[before.status().ordinal()]--;
            change.byStatus[after.status().ordinal()]++;
        }
        if (after.status().isTerminal() && (before == null || !before.status().isTerminal())) {
            change.lastFinishedAt = latest(change.lastFinishedAt, message.finishedAt());
            finishedPerMinute.merge(
                    new MinuteKey(
                            message.mailoutId(), message.finishedAt().truncatedTo(ChronoUnit.MINUTES), after.status()),
                    1L,
                    Long::sum);
        }
        if (event instanceof MessageSent sent) {
            change.attempts++;
            change.lastSentAt = latest(change.lastSentAt, sent.sentAt());
        } else if (event instanceof MessageAttemptFailed failed) {
            change.attempts++;
            change.failedAttempts++;
            failure(message.mailoutId(), failed.errorKind())[0]++;
        } else if (event instanceof MessageFailed failed) {
            failure(message.mailoutId(), failed.errorKind())[1]++;
        }
    }

    /** Notes that the mailout's dispatch reported every message final at {@code at}. */
    void completed(UUID mailoutId, Instant at) {
        changes.computeIfAbsent(mailoutId, id -> new Change()).dispatchCompletedAt = at;
    }

    Map<UUID, Change> changes() {
        return changes;
    }

    /** Failed attempts ({@code [0]}) and failed messages ({@code [1]}) per mailout and error kind. */
    Map<FailureKey, long[]> failures() {
        return failures;
    }

    /** Messages that became final, per mailout, minute (of their final status) and final status. */
    Map<MinuteKey, Long> finishedPerMinute() {
        return finishedPerMinute;
    }

    private long[] failure(UUID mailoutId, ErrorKind kind) {
        return failures.computeIfAbsent(new FailureKey(mailoutId, kind), k -> new long[2]);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || (b != null && b.isBefore(a)) ? b : a;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null || (b != null && b.isAfter(a)) ? b : a;
    }

    /** One mailout's change: messages per status (indexed by {@link MessageStatus#ordinal()}) and the rest. */
    static final class Change {
        final long[] byStatus = new long[MessageStatus.values().length];
        long attempts;
        long failedAttempts;
        Instant firstQueuedAt;
        Instant lastSentAt;
        Instant lastFinishedAt;
        Instant dispatchCompletedAt;

        long count(MessageStatus status) {
            return byStatus[status.ordinal()];
        }
    }

    record FailureKey(UUID mailoutId, ErrorKind kind) implements Comparable<FailureKey> {
        @Override
        public int compareTo(FailureKey other) {
            int byMailout = mailoutId.compareTo(other.mailoutId);
            return byMailout != 0 ? byMailout : kind.compareTo(other.kind);
        }
    }

    record MinuteKey(UUID mailoutId, Instant minute, MessageStatus status) implements Comparable<MinuteKey> {

        private static final Comparator<MinuteKey> ORDER = Comparator.comparing(MinuteKey::mailoutId)
                .thenComparing(MinuteKey::minute)
                .thenComparing(MinuteKey::status);

        @Override
        public int compareTo(MinuteKey other) {
            return ORDER.compare(this, other);
        }
    }
}

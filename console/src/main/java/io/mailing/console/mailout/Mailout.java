package io.mailing.console.mailout;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

/** A mailout as the query API shows it, with its messages by status. */
public record Mailout(
        UUID id,
        String text,
        Instant startAt,
        Instant endAt,
        Filter filter,
        Window deliveryWindow,
        boolean includeLateJoiners,
        String status,
        Instant createdAt,
        Instant startedAt,
        Instant pausedAt,
        Instant cancelledAt,
        Instant closedAt,
        Messages messages) {

    public Mailout {
        messages = messages == null ? Messages.NONE : messages;
    }

    /** What may be done with it now; nothing once it is final. */
    public List<Action> actions() {
        return switch (status) {
            case "SCHEDULED" -> List.of(Action.START, Action.CANCEL);
            case "RUNNING" -> List.of(Action.PAUSE, Action.CANCEL);
            case "PAUSED" -> List.of(Action.RESUME, Action.CANCEL);
            default -> List.of();
        };
    }

    /** Whether anything may still change: a page about it keeps asking for its figures. */
    public boolean live() {
        return !status.equals("COMPLETED") && !status.equals("CANCELLED");
    }

    /** Who it is for: operator codes and tags. */
    public record Filter(List<String> operatorCodes, List<String> tags) {

        public Filter {
            operatorCodes = operatorCodes == null ? List.of() : operatorCodes;
            tags = tags == null ? List.of() : tags;
        }
    }

    /** When, in each customer's local time, messages may go. */
    public record Window(LocalTime from, LocalTime to) {}
}

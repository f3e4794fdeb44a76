package io.mailing.console.mailout;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A mailout as the query API shows it, with its messages by status; the command API's answers read into it too (with
 * no times nor messages).
 *
 * @param channel {@code SMS} or {@code EMAIL} (an e-mail mailout has a {@code subject}, and may have an {@code html} body)
 * @param followUpOf the mailout this one sends again to the ones that one did not reach, if it is a follow-up
 * @param followUpId the follow-up of this one, once it was sent again
 */
public record Mailout(
        UUID id,
        String text,
        Instant startAt,
        Instant endAt,
        Filter filter,
        Window deliveryWindow,
        boolean includeLateJoiners,
        String channel,
        String subject,
        String html,
        String status,
        Instant createdAt,
        Instant startedAt,
        Instant pausedAt,
        Instant cancelledAt,
        Instant closedAt,
        UUID followUpOf,
        UUID followUpId,
        Messages messages) {

    public Mailout {
        messages = messages == null ? Messages.NONE : messages;
        channel = channel == null ? "SMS" : channel;
    }

    /** Whether it goes out by e-mail. */
    public boolean email() {
        return "EMAIL".equals(channel);
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

    /** Whether it may be edited: only before it starts. */
    public boolean editable() {
        return status.equals("SCHEDULED");
    }

    /** Messages that ended {@code FAILED} or {@code EXPIRED}: who a follow-up would be sent to. */
    public long undelivered() {
        return messages.of("FAILED") + messages.of("EXPIRED");
    }

    /** Whether it may be sent again to the ones that failed: finished, with failures, and not sent again yet. */
    public boolean canFollowUp() {
        return !live() && undelivered() > 0 && followUpId == null;
    }

    /** Whether this mailout is defined as {@code other} is: the same text, times, audience and options. */
    boolean definedAs(Mailout other) {
        return text.equals(other.text)
                && startAt.equals(other.startAt)
                && endAt.equals(other.endAt)
                && filter.equals(other.filter)
                && Objects.equals(deliveryWindow, other.deliveryWindow)
                && includeLateJoiners == other.includeLateJoiners;
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

package io.mailing.console.message;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailing.console.audit.Trail;
import io.mailing.console.page.Times;
import java.time.Instant;

/**
 * One event of a message's life told as a person reads it: when, what happened, and the details that answer "why
 * did this customer not get it" (the error of each failed attempt, the window a deferral waited for, the reason it
 * expired or was suppressed, the recipient's opt-out through this message's unsubscribe link). Events it does not
 * know are named by their type.
 *
 * @param failure whether the step is a failed attempt or a final failure, so that the page can mark it
 */
public record Step(Instant at, String what, String detail, String principal, boolean failure) {

    /** The step an event of the message's trail stands for; instants in the details shown by {@code times}. */
    static Step of(Trail.Entry entry, Times times) {
        JsonNode event = entry.payload();
        String attempt = event.path("attempt").asText();
        String attempts = event.path("attempts").asText();
        return switch (entry.type()) {
            case "MessageQueued" ->
                step(
                        entry,
                        "Queued",
                        "to " + (event.hasNonNull("phone") ? event.path("phone") : event.path("email")).asText()
                                + " (customer's zone "
                                + event.path("timeZone").asText() + ")",
                        false);
            case "MessageDeferred" ->
                step(
                        entry,
                        "Deferred",
                        "outside the delivery window in the customer's local time; waits until "
                                + times.format(instant(event, "until")),
                        false);
            case "MessageAttemptFailed" ->
                step(
                        entry,
                        "Attempt " + attempt + " failed",
                        event.path("errorKind").asText() + ": "
                                + event.path("detail").asText()
                                + (event.hasNonNull("retryAt")
                                        ? "; next attempt at " + times.format(instant(event, "retryAt"))
                                        : "; not retried"),
                        true);
            case "MessageSent" -> step(entry, "Sent", "the provider accepted it on attempt " + attempt, false);
            case "MessageFailed" ->
                step(
                        entry,
                        "Failed",
                        "after " + attempts + " attempts: "
                                + event.path("errorKind").asText() + ": "
                                + event.path("detail").asText(),
                        true);
            case "MessageExpired" ->
                step(
                        entry,
                        "Expired",
                        "after " + attempts + " attempts: "
                                + event.path("reason").asText(),
                        true);
            case "MessageCancelled" ->
                step(entry, "Cancelled", "with its mailout, after " + attempts + " attempts", false);
            case "MessageSuppressed" ->
                step(entry, "Suppressed", "not sent: " + event.path("reason").asText(), false);
            case "AddressOptedOut" ->
                step(
                        entry,
                        "Opted out",
                        event.path("address").asText() + " put on the " + list(event) + " opt-out list"
                                + switch (event.path("source").asText()) {
                                    case "RECIPIENT" -> " by the recipient, through this message's unsubscribe link";
                                    case "IMPORT" -> " by an import";
                                    default -> " by an operator";
                                },
                        false);
            case "OptOutWithdrawn" ->
                step(
                        entry,
                        "Opt-out withdrawn",
                        event.path("address").asText() + " taken off the " + list(event) + " opt-out list",
                        false);
            default -> step(entry, entry.type(), "", false);
        };
    }

    /** The opt-out list an opt-out event concerns, as a person names it. */
    private static String list(JsonNode event) {
        return event.path("channel").asText().equals("EMAIL") ? "e-mail" : "SMS";
    }

    private static Step step(Trail.Entry entry, String what, String detail, boolean failure) {
        return new Step(entry.occurredAt(), what, detail, entry.principal(), failure);
    }

    private static Instant instant(JsonNode event, String field) {
        return event.hasNonNull(field) ? Instant.parse(event.get(field).asText()) : null;
    }
}

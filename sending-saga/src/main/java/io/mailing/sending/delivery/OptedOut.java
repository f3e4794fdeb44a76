package io.mailing.sending.delivery;

import io.mailing.events.mailout.Channel;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * The opt-out that stops a claimed message: its address is on the list of the message's channel
 * ({@code sending.opt_out}).
 *
 * @param source who opted the address out ({@code OPERATOR}, {@code IMPORT} or {@code RECIPIENT})
 */
record OptedOut(UUID optOutId, String source, Instant optedOutAt) {

    private static final DateTimeFormatter SINCE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** Why the message is not sent, as its trail tells it. */
    String reason(Channel channel) {
        String by = switch (source) {
            case "RECIPIENT" -> "by the recipient (unsubscribe link)";
            case "IMPORT" -> "by an import";
            default -> "by an operator";
        };
        return "the address is on the " + (channel == Channel.EMAIL ? "e-mail" : "SMS") + " opt-out list since "
                + SINCE.format(optedOutAt) + ", " + by;
    }
}

package io.mailing.console.optout;

import java.time.Instant;
import java.util.UUID;

/**
 * An address on the opt-out list of a channel, as the query API shows it.
 *
 * @param id names its audit trail
 * @param source {@code OPERATOR}, {@code IMPORT} or {@code RECIPIENT} (an e-mail's unsubscribe link)
 * @param messageId the message whose unsubscribe link the recipient followed, else {@code null}
 */
public record OptOut(UUID id, String channel, String address, String source, UUID messageId, Instant optedOutAt) {

    /** The channel as a person names it. */
    public String channelName() {
        return channelName(channel);
    }

    /** Who put the address on the list, as a person says it. */
    public String sourceName() {
        return switch (source == null ? "" : source) {
            case "RECIPIENT" -> "the recipient (unsubscribe link)";
            case "IMPORT" -> "an import";
            case "OPERATOR" -> "an operator";
            default -> String.valueOf(source);
        };
    }

    /** {@code SMS} as such, {@code EMAIL} as "E-mail". */
    static String channelName(String channel) {
        return "EMAIL".equals(channel) ? "E-mail" : channel;
    }
}

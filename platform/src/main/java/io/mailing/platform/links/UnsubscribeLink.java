package io.mailing.platform.links;

import io.mailing.events.mailout.Channel;
import java.util.Optional;
import java.util.UUID;

/**
 * What an e-mail's unsubscribe link says, before it is signed ({@link SignedLinks}): the channel and the address to opt out, and the
 * message that carried the link. The sending service writes it into each e-mail, the command service reads it back
 * when the recipient follows the link; its text form is {@code CHANNEL|messageId|address}.
 */
public record UnsubscribeLink(Channel channel, UUID messageId, String address) {

    /** Where the command service answers the links: this, then the signed token. */
    public static final String PATH = "/unsubscribe/";

    /** The text that is signed. */
    public String payload() {
        return channel.name() + "|" + messageId + "|" + address;
    }

    /** The token this text describes; empty for a text no token has. */
    public static Optional<UnsubscribeLink> parse(String payload) {
        String[] parts = payload.split("\\|", 3);
        if (parts.length != 3 || parts[2].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new UnsubscribeLink(Channel.valueOf(parts[0]), UUID.fromString(parts[1]), parts[2]));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}

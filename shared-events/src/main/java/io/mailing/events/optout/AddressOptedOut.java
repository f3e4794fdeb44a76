package io.mailing.events.optout;

import io.mailing.events.mailout.Channel;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * An address was put on the opt-out list of a channel: nothing more is sent to it on that channel (a message due
 * to it is suppressed) until the opt-out is withdrawn.
 *
 * @param optOutId {@link OptOutIds#of} the channel and the address
 * @param address E.164 digits without {@code +} for {@link Channel#SMS}, the e-mail address in lower case for
 *     {@link Channel#EMAIL}
 * @param messageId the message whose unsubscribe link the recipient followed, {@code null} otherwise
 */
@Revision("1")
public record AddressOptedOut(
        UUID optOutId, Channel channel, String address, OptOutSource source, UUID messageId, Instant optedOutAt) {}

package io.mailing.events.optout;

import io.mailing.events.mailout.Channel;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/** An address was taken off the opt-out list of a channel: it may be messaged on that channel again. */
@Revision("1")
public record OptOutWithdrawn(UUID optOutId, Channel channel, String address, Instant withdrawnAt) {}

package io.mailing.events.mailout;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/** A mailout reached its {@code endAt}: nothing is sent any more and pending messages expire. */
@Revision("1")
public record MailoutClosed(UUID mailoutId, Instant closedAt) {}

package io.mailing.events.mailout;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/** A running mailout stopped making new delivery attempts; queued messages wait. */
@Revision("1")
public record MailoutPaused(UUID mailoutId, Instant pausedAt) implements MailoutEvent {}

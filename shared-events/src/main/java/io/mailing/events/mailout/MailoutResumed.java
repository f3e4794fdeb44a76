package io.mailing.events.mailout;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/** A paused mailout goes on sending. */
@Revision("1")
public record MailoutResumed(UUID mailoutId, Instant resumedAt) implements MailoutEvent {}

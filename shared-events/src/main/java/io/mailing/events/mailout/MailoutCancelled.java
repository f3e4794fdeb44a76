package io.mailing.events.mailout;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/** A mailout was cancelled before it completed; pending messages are cancelled with it. */
@Revision("1")
public record MailoutCancelled(UUID mailoutId, Instant cancelledAt) implements MailoutEvent {}

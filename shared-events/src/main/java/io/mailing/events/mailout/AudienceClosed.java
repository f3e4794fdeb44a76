package io.mailing.events.mailout;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * No customer joins the mailout's audience any more: it was closed or cancelled. Every late joiner it accepted was
 * queued before this event.
 */
@Revision("1")
public record AudienceClosed(UUID mailoutId, Instant closedAt) {}

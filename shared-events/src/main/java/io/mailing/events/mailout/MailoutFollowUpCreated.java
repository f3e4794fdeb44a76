package io.mailing.events.mailout;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * A finished mailout was sent again to the customers whose messages ended {@code FAILED} or {@code EXPIRED}: the
 * mailout {@code followUpId} was scheduled for them ({@link FollowUpScheduled} in its own trail).
 */
@Revision("1")
public record MailoutFollowUpCreated(UUID mailoutId, UUID followUpId, Instant createdAt) implements MailoutEvent {}

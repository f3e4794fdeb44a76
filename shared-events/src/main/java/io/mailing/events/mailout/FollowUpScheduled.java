package io.mailing.events.mailout;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * The mailout just scheduled ({@link MailoutScheduled}, right before this event) is a follow-up of the finished
 * mailout {@code followUpOf}: its audience is that mailout's customers whose messages ended {@code FAILED} or
 * {@code EXPIRED}, not its filter, which it keeps only to say whom the original was for.
 */
@Revision("1")
public record FollowUpScheduled(UUID mailoutId, UUID followUpOf) implements MailoutEvent {}

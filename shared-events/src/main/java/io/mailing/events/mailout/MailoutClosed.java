package io.mailing.events.mailout;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * A mailout stopped sending for good: it reached its {@code endAt} (pending messages then expire), or its dispatch
 * reported it {@link MailoutCompleted} before that.
 */
@Revision("1")
public record MailoutClosed(UUID mailoutId, Instant closedAt) implements MailoutEvent {}

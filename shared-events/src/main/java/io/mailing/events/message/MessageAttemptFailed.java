package io.mailing.events.message;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * One attempt failed. With a {@code retryAt} the message is {@code RETRYING} until then; without one it is not
 * retried and a {@link MessageFailed} or {@link MessageExpired} follows at once.
 *
 * @param retryAt when the next attempt is due, or {@code null}
 */
@Revision("1")
public record MessageAttemptFailed(
        UUID messageId,
        UUID mailoutId,
        UUID customerId,
        int attempt,
        Instant startedAt,
        Instant failedAt,
        ErrorKind errorKind,
        String detail,
        Instant retryAt)
        implements MessageEvent {}

package io.mailing.events.mailout;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * Every message of the mailout reached a final status (with late joiners on: the mailout closed first). The counts
 * are by final status and add up to {@code queued}.
 *
 * @param suppressed messages not sent because their address was on the opt-out list (0 in revision 1)
 */
@Revision("2")
public record MailoutCompleted(
        UUID mailoutId,
        Instant completedAt,
        long queued,
        long sent,
        long failed,
        long expired,
        long cancelled,
        long suppressed) {}

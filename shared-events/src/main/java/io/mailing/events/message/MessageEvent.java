package io.mailing.events.message;

import java.util.UUID;

/**
 * An event of the {@code Message} aggregate: one step of one message's delivery, from its queuing to its final
 * status. A reader that follows messages (their status, their figures) handles them as one kind.
 */
public sealed interface MessageEvent
        permits MessageQueued,
                MessageDeferred,
                MessageAttemptFailed,
                MessageSent,
                MessageFailed,
                MessageExpired,
                MessageCancelled,
                MessageSuppressed {

    /** The message. */
    UUID messageId();

    /** The mailout it belongs to. */
    UUID mailoutId();

    /** The customer it is for. */
    UUID customerId();
}

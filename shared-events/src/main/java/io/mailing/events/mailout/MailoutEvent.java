package io.mailing.events.mailout;

import java.util.UUID;

/**
 * An event of the {@code Mailout} aggregate: what happened to one mailout, from its scheduling to its close. A reader
 * that folds a mailout's events handles them as one kind. The events no aggregate applies that name a mailout
 * ({@link MailoutCompleted}, the audience's) are not among them.
 */
public sealed interface MailoutEvent
        permits MailoutDefined,
                MailoutStarted,
                MailoutPaused,
                MailoutResumed,
                MailoutCancelled,
                MailoutClosed,
                FollowUpScheduled,
                MailoutFollowUpCreated {

    /** The mailout it happened to. */
    UUID mailoutId();
}

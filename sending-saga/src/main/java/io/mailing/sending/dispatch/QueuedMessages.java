package io.mailing.sending.dispatch;

import io.mailing.sending.message.MessageId;
import java.util.Collection;
import java.util.Set;

/** What the dispatch saga asks the event store: which of a batch's messages exist already. */
interface QueuedMessages {

    /** Those of {@code ids} whose message has been queued (its first event is stored). */
    Set<MessageId> existing(Collection<MessageId> ids);
}

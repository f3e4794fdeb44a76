package io.mailing.sending.dispatch;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What the dispatch saga reads of the audience projection. */
interface Audience {

    /** How many customers one release batch holds at most. */
    int batchSize();

    /** The mailout as the projection fixed it, once it has seen the mailout start. */
    Optional<DispatchedMailout> mailout(UUID mailoutId);

    /**
     * The next customers of the mailout's fixed audience, in customer-id order.
     *
     * @param after the cursor: the last customer already released, or {@code null} to begin
     */
    List<Recipient> next(UUID mailoutId, UUID after, int limit);
}

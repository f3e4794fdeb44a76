package io.mailing.sending.dispatch;

import java.util.Optional;
import java.util.UUID;

/** What the dispatch saga reads of the audience projection. */
interface Audience {

    /** The mailout as the projection fixed it, once it has seen the mailout start. */
    Optional<DispatchedMailout> mailout(UUID mailoutId);

    /**
     * The next step of the mailout's release: its fixed audience's next customers in customer-id order.
     *
     * @param after the cursor of the previous step, or {@code null} to begin
     */
    Release next(UUID mailoutId, UUID after);
}

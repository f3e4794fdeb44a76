package io.mailing.events.mailout;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * The dispatch of a running mailout queued one more batch of its audience. The next batch starts after
 * {@code lastCustomerId}; the batch with {@code last} set ends the release.
 *
 * @param batch 1 for the first batch
 * @param customers how many customers this batch queued a message for
 * @param lastCustomerId the cursor: the greatest customer id in this batch, {@code null} when it was empty
 */
@Revision("1")
public record AudienceBatchReleased(UUID mailoutId, int batch, int customers, UUID lastCustomerId, boolean last) {}

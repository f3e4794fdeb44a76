package io.mailing.events.mailout;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * The sending side fixed a started mailout's audience: the customers who had joined when it started. Its release
 * in batches ({@link AudienceBatchReleased}) can begin.
 */
@Revision("1")
public record AudienceFixed(UUID mailoutId, Instant fixedAt) {}

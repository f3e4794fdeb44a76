package io.mailing.query.optout;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mailing.events.mailout.Channel;
import io.mailing.events.optout.OptOutSource;
import java.time.Instant;
import java.util.UUID;

/**
 * An address on the opt-out list of a channel.
 *
 * @param id names the opt-out's audit trail ({@code GET /api/v1/audit/opt-outs/{id}})
 * @param messageId the message whose unsubscribe link the recipient followed, left out otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record OptOutView(UUID id, Channel channel, String address, OptOutSource source, UUID messageId, Instant optedOutAt) {}

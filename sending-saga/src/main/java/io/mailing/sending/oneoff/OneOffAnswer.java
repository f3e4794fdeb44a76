package io.mailing.sending.oneoff;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mailing.events.mailout.Channel;
import java.time.Instant;
import java.util.UUID;

/**
 * What a one-off request is answered: the message's id (its status, trail and statistics are the query service's:
 * {@code GET /api/v1/messages/{id}}), where it goes, and until when it may go out.
 *
 * @param to the phone's digits or the e-mail address in lower case
 * @param customerId the customer it goes to, left out for a bare address
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record OneOffAnswer(UUID id, Channel channel, String to, UUID customerId, Instant sendBefore) {}

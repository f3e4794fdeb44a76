package io.mailing.sending.message;

import io.mailing.events.mailout.DeliveryWindow;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * What a pending message's events left it as, at the sequence number {@code version} of its last event: enough to
 * decide its next command without reading the events back. The delivery queue keeps it, written in the very
 * transaction that appends each of the message's events, and leases it to one node at a time.
 *
 * @param attempts attempts recorded so far
 * @param deliveryWindow may be {@code null}
 * @param version the sequence number of the message's last event
 */
public record MessageSnapshot(
        MessageId id,
        UUID mailoutId,
        UUID customerId,
        int attempts,
        Instant endAt,
        DeliveryWindow deliveryWindow,
        ZoneId timeZone,
        long version) {}

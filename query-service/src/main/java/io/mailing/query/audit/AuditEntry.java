package io.mailing.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * One event of a trail: its global position in the event store, identifier, time and type, the subjects it names,
 * its payload, and its metadata (who caused it, and the correlation that ties it to the request it came from).
 */
record AuditEntry(
        long position,
        String eventId,
        Instant occurredAt,
        String type,
        UUID mailoutId,
        UUID messageId,
        UUID customerId,
        JsonNode payload,
        JsonNode metadata) {}

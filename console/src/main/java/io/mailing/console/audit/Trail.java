package io.mailing.console.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A page of a mailout's, message's or customer's trail as the query API answers it: a cursor page, {@code next}
 * being what to ask {@code after} for the following one ({@code null} on the last page).
 */
public record Trail(List<Entry> items, int size, long total, Long next) {

    public Trail {
        items = items == null ? List.of() : items;
    }

    /** One event of a trail; who caused it is in its metadata. */
    public record Entry(long position, Instant occurredAt, String type, JsonNode payload, JsonNode metadata) {

        public String principal() {
            return metadata == null ? "" : metadata.path("principal").asText("");
        }
    }
}

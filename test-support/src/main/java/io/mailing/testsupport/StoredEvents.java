package io.mailing.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads events back from the event store ({@code axon.domain_event_entry}) as their payload records, with their
 * metadata where asked, in order.
 */
public final class StoredEvents {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().findAndRegisterModules().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final JavaType METADATA =
            MAPPER.getTypeFactory().constructMapType(Map.class, String.class, Object.class);

    private final JdbcTemplate jdbc;

    public StoredEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every stored event of this type, in the order of the stream. */
    public <T> List<T> all(Class<T> type) {
        return jdbc.query(
                "SELECT payload FROM axon.domain_event_entry WHERE payloadtype = ? ORDER BY globalindex",
                (rs, row) -> read(rs.getBytes("payload"), type),
                type.getName());
    }

    /** The stored events of this type that satisfy the condition, in the order of the stream. */
    public <T> List<T> all(Class<T> type, Predicate<? super T> condition) {
        return all(type).stream().filter(condition).toList();
    }

    /** The stored events of this type that satisfy the condition, each with its metadata, in the order of the stream. */
    public <T> List<Stored<T>> withMetadata(Class<T> type, Predicate<? super T> condition) {
        return jdbc
                .query(
                        "SELECT payload, metadata FROM axon.domain_event_entry WHERE payloadtype = ?"
                                + " ORDER BY globalindex",
                        (rs, row) -> new Stored<>(
                                read(rs.getBytes("payload"), type), read(rs.getBytes("metadata"), METADATA)),
                        type.getName())
                .stream()
                .filter(event -> condition.test(event.payload()))
                .toList();
    }

    /**
     * The metadata of every stored event of this type whose aggregate is {@code aggregateId}, in the order of the
     * stream.
     */
    public List<Map<String, Object>> metadata(Class<?> type, Object aggregateId) {
        return jdbc.query(
                "SELECT metadata FROM axon.domain_event_entry WHERE payloadtype = ? AND aggregateidentifier = ?"
                        + " ORDER BY globalindex",
                (rs, row) -> read(rs.getBytes("metadata"), METADATA),
                type.getName(),
                aggregateId.toString());
    }

    /** How many events of this type are stored. */
    public long count(Class<?> type) {
        Long count = jdbc.queryForObject(
                "SELECT count(*) FROM axon.domain_event_entry WHERE payloadtype = ?", Long.class, type.getName());
        return count == null ? 0 : count;
    }

    /** A stored event: its payload and its metadata. */
    public record Stored<T>(T payload, Map<String, Object> metadata) {}

    private static <T> T read(byte[] payload, Class<T> type) {
        return read(payload, MAPPER.constructType(type));
    }

    private static <T> T read(byte[] stored, JavaType type) {
        try {
            return MAPPER.readValue(new String(stored, StandardCharsets.UTF_8), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored " + type + " is not readable", e);
        }
    }
}

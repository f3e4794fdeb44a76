package io.mailing.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.events.message.MessageIds;
import io.mailing.platform.jdbc.AnyOf;
import io.mailing.platform.problem.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads a trail from the event store, a page at a time: the subject's own events (the aggregate with its id; for a
 * customer, also the events of the messages sent to them, found through {@code query.message} or, for those waiting
 * for their first attempt, by the id each mailout's message for them has) and the positions the
 * audit index holds for it ({@link AuditProjection}), merged in stream order; then the page's events themselves, by
 * their global position (the event table's primary key). A page of {@code size} reads at most {@code size + 1}
 * events, so a page of a mailout with a million messages costs what a page of a small one does.
 *
 * <p>An entry shows the event as it is stored: its payload and metadata are the stored JSON (the event serializer's
 * output, not re-serialized), its type the simple name of its payload type, and its mailout, message and customer
 * the payload's {@code mailoutId}, {@code messageId} and {@code customerId}, the components through which every
 * event of the published language names its subjects ({@link io.mailing.platform.subjects.Subjects}).
 */
@Component
class AuditTrail {

    private static final String EVENTS = "axon.domain_event_entry";

    /** Index rows read per statement at first; each further statement reads twice as many. */
    private static final int FIRST_ROWS = 4;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    AuditTrail(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Up to {@code size} events of the subject's trail after position {@code after}; a 404 for an empty trail. */
    AuditPage page(Subject subject, UUID id, long after, int size) {
        Own own = Own.of(subject, id, subject == Subject.CUSTOMER ? waitingMessages(id) : new String[0]);
        List<Indexed> indexed = jdbc.query(
                "SELECT events, max_span FROM query.audit_index_size WHERE subject = ? AND subject_id = ?",
                (rs, row) -> new Indexed(rs.getLong("events"), rs.getLong("max_span")),
                subject.name(),
                id);
        long total = (indexed.isEmpty() ? 0 : indexed.get(0).events()) + own.count(jdbc);
        if (total == 0) {
            throw new NotFoundException(subject.name().toLowerCase(), id);
        }
        Smallest positions = new Smallest(size + 1);
        positions.addAll(own.positions(jdbc, after, size + 1), after);
        if (!indexed.isEmpty()) {
            readIndex(subject, id, after, indexed.get(0).maxSpan(), positions);
        }
        List<AuditEntry> items = entries(positions.all());
        Long next = null;
        if (items.size() > size) {
            items = items.subList(0, size);
            next = items.get(size - 1).position();
        }
        return new AuditPage(items, size, total, next);
    }

    /**
     * The ids of the messages this customer may have waiting for their first attempt, which {@code query.message}
     * holds no row of yet: their message in each mailout that has such messages (a message's id follows from its
     * mailout and customer, {@link MessageIds}); an id of a mailout the customer is not in names no events.
     */
    private String[] waitingMessages(UUID customerId) {
        return jdbc
                .queryForList("SELECT mailout_id FROM query.mailout_statistics WHERE queued > 0", UUID.class)
                .stream()
                .map(mailoutId -> MessageIds.of(mailoutId, customerId).toString())
                .toArray(String[]::new);
    }

    /**
     * Adds the trail's indexed positions after {@code after} to {@code positions}, reading index rows in the order of
     * their last position and stopping at the first row that starts (at the earliest, its last position less the
     * widest span) after the highest of the smallest positions found so far: no row from there on can hold a smaller
     * one, whatever order the rows were written in.
     */
    private void readIndex(Subject subject, UUID id, long after, long maxSpan, Smallest positions) {
        long cursor = after;
        int rows = FIRST_ROWS;
        while (true) {
            List<long[]> chunk =
                    jdbc.query("""
                    SELECT positions FROM query.audit_index
                    WHERE subject = ? AND subject_id = ? AND last_position > ?
                    ORDER BY last_position LIMIT ?
                    """, (rs, row) -> longs(rs.getArray("positions")), subject.name(), id, cursor, rows);
            for (long[] row : chunk) {
                long last = row[row.length - 1];
                if (positions.isFull() && last > positions.highest() + maxSpan) {
                    return;
                }
                positions.addAll(row, after);
                cursor = last;
            }
            if (chunk.size() < rows) {
                return;
            }
            rows *= 2;
        }
    }

    private List<AuditEntry> entries(long[] positions) {
        if (positions.length == 0) {
            return List.of();
        }
        return jdbc.query(
                AnyOf.values(
                        "SELECT globalindex, eventidentifier, timestamp, payloadtype, payload, metadata FROM " + EVENTS
                                + " WHERE globalindex = ANY (?) ORDER BY globalindex",
                        "bigint",
                        Arrays.stream(positions).boxed().toList()),
                this::entry);
    }

    private AuditEntry entry(ResultSet rs, int row) throws SQLException {
        JsonNode payload = tree(rs.getBytes("payload"));
        byte[] metadata = rs.getBytes("metadata");
        return new AuditEntry(
                rs.getLong("globalindex"),
                rs.getString("eventidentifier"),
                Instant.parse(rs.getString("timestamp")),
                simpleName(rs.getString("payloadtype")),
                subject(payload, "mailoutId"),
                subject(payload, "messageId"),
                subject(payload, "customerId"),
                payload,
                metadata == null ? json.createObjectNode() : tree(metadata));
    }

    private JsonNode tree(byte[] stored) {
        try {
            return json.readTree(stored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static UUID subject(JsonNode payload, String field) {
        JsonNode value = payload.get(field);
        return value != null && value.isTextual() ? UUID.fromString(value.asText()) : null;
    }

    /** {@code io.mailing.events.message.MessageSent} is {@code MessageSent}, as {@link Class#getSimpleName()} says. */
    static String simpleName(String payloadType) {
        return payloadType.substring(Math.max(payloadType.lastIndexOf('.'), payloadType.lastIndexOf('$')) + 1);
    }

    private static long[] longs(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        long[] longs = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            longs[i] = ((Number) values[i]).longValue();
        }
        return longs;
    }

    /** How many of a trail's events the index holds, and the widest span of its rows. */
    private record Indexed(long events, long maxSpan) {}

    /**
     * A subject's own events in the event store: the aggregate of that id and type, and for a customer the messages
     * sent to them (those {@code query.message} holds, and {@code waitingMessages}); none for a subject that is no
     * aggregate (a daily report).
     */
    private record Own(String sql, Object[] parameters) {

        static Own of(Subject subject, UUID id, String[] waitingMessages) {
            return switch (subject) {
                case MAILOUT, MESSAGE, OPT_OUT ->
                    new Own(
                            "SELECT globalindex FROM " + EVENTS + " WHERE aggregateidentifier = ? AND type = ?",
                            new Object[] {id.toString(), subject.aggregateType()});
                case CUSTOMER ->
                    new Own(
                            "SELECT globalindex FROM " + EVENTS + " WHERE aggregateidentifier = ? AND type = ?"
                                    + " UNION ALL SELECT globalindex FROM " + EVENTS + " WHERE type = ?"
                                    + " AND aggregateidentifier IN (SELECT m.id::text FROM query.message m"
                                    + " WHERE m.customer_id = ? UNION SELECT unnest(?::text[]))",
                            new Object[] {
                                id.toString(),
                                subject.aggregateType(),
                                Subject.MESSAGE.aggregateType(),
                                id,
                                waitingMessages
                            });
                case REPORT -> new Own(null, new Object[0]);
            };
        }

        long count(JdbcTemplate jdbc) {
            if (sql == null) {
                return 0;
            }
            Long count = jdbc.queryForObject("SELECT count(*) FROM (" + sql + ") own", Long.class, parameters);
            return count == null ? 0 : count;
        }

        List<Long> positions(JdbcTemplate jdbc, long after, int limit) {
            if (sql == null) {
                return List.of();
            }
            Object[] all = new Object[parameters.length + 2];
            System.arraycopy(parameters, 0, all, 0, parameters.length);
            all[parameters.length] = after;
            all[parameters.length + 1] = limit;
            return jdbc.queryForList(
                    "SELECT globalindex FROM (" + sql + ") own WHERE globalindex > ? ORDER BY globalindex LIMIT ?",
                    Long.class,
                    all);
        }
    }

    /** The {@code limit} smallest positions seen, each once. */
    private static final class Smallest {
        private final int limit;
        private final NavigableSet<Long> positions = new TreeSet<>();

        Smallest(int limit) {
            this.limit = limit;
        }

        boolean isFull() {
            return positions.size() == limit;
        }

        long highest() {
            return positions.last();
        }

        void addAll(long[] candidates, long after) {
            for (long position : candidates) {
                add(position, after);
            }
        }

        void addAll(List<Long> candidates, long after) {
            for (long position : candidates) {
                add(position, after);
            }
        }

        private void add(long position, long after) {
            if (position <= after || (isFull() && position >= highest())) {
                return;
            }
            positions.add(position);
            if (positions.size() > limit) {
                positions.pollLast();
            }
        }

        long[] all() {
            List<Long> sorted = new ArrayList<>(positions);
            return sorted.stream().mapToLong(Long::longValue).toArray();
        }
    }
}

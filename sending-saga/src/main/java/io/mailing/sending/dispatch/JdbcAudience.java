package io.mailing.sending.dispatch;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the audience projection: active customers with an address for the mailout's channel (a phone for SMS, an
 * e-mail address for e-mail) who had joined when the mailout started ({@code seq}
 * at most its {@code audience_seq}) and match its filter — OR inside a field, AND between fields, an empty field
 * matching all.
 *
 * <p>Each step walks the audience table in primary-key order from the cursor, a window of {@value #WINDOW_BATCHES}
 * batches at most, and keeps the customers that belong to the mailout, up to one batch. Walking the key is one index
 * range scan per step whatever the filter and whatever the table's statistics say, so releasing a whole audience
 * reads the table once. (Asking for "the next 200 that match, in id order" instead let the planner choose a scan and
 * sort of every matching row after the cursor at each step whenever its statistics were stale, as they are right
 * after a large import: quadratic over the release; docs/performance.md, "Figures behind choices in the code".)
 *
 * <p>A follow-up's audience is instead its original's undelivered customers ({@code sending.undelivered}, walked in
 * its primary key's order) who are still active and have an address for its channel, each at their address and time zone of now.
 */
@Component
class JdbcAudience implements Audience {

    /** How many batches of customers one step looks at, at most. */
    static final int WINDOW_BATCHES = 5;

    private static final UUID BEFORE_ALL = new UUID(0, 0);

    private final JdbcTemplate jdbc;
    private final int batchSize;

    JdbcAudience(JdbcTemplate jdbc, @Value("${mailing.dispatch.batch-size}") int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("mailing.dispatch.batch-size must be at least 1, was " + batchSize);
        }
        this.jdbc = jdbc;
        this.batchSize = batchSize;
    }

    @Override
    public Optional<DispatchedMailout> mailout(UUID mailoutId) {
        return jdbc
                .query(
                        "SELECT " + DispatchedMailout.COLUMNS + " FROM sending.dispatch_mailout WHERE mailout_id = ?",
                        DispatchedMailout.ROW_MAPPER,
                        mailoutId)
                .stream()
                .findFirst();
    }

    @Override
    public Release next(UUID mailoutId, UUID after) {
        List<UUID> original = jdbc.queryForList(
                "SELECT follow_up_of FROM sending.follow_up WHERE mailout_id = ?", UUID.class, mailoutId);
        return original.isEmpty() ? matching(mailoutId, after) : undelivered(mailoutId, original.get(0), after);
    }

    private Release matching(UUID mailoutId, UUID after) {
        int window = batchSize * WINDOW_BATCHES;
        return walk("""
                SELECT w.customer_id, w.phone, w.email, w.time_zone,
                       w.active
                       AND (CASE m.channel WHEN 'EMAIL' THEN w.email ELSE w.phone END) IS NOT NULL
                       AND w.seq <= m.audience_seq
                       AND (cardinality(m.operator_codes) = 0 OR w.operator_code = ANY (m.operator_codes))
                       AND (cardinality(m.tags) = 0 OR w.tags && m.tags) AS recipient
                  FROM (SELECT customer_id, phone, email, time_zone, active, seq, operator_code, tags
                          FROM sending.audience
                         WHERE customer_id > ?
                         ORDER BY customer_id
                         LIMIT ?) w,
                       sending.dispatch_mailout m
                 WHERE m.mailout_id = ?
                 ORDER BY w.customer_id
                """, window, after, window, mailoutId);
    }

    private Release undelivered(UUID followUp, UUID original, UUID after) {
        return walk("""
                SELECT u.customer_id, a.phone, a.email, a.time_zone,
                       a.active AND (CASE m.channel WHEN 'EMAIL' THEN a.email ELSE a.phone END) IS NOT NULL
                       AS recipient
                  FROM (SELECT customer_id FROM sending.undelivered
                         WHERE customer_id > ? AND mailout_id = ?
                         ORDER BY customer_id
                         LIMIT ?) u
                  JOIN sending.audience a ON a.customer_id = u.customer_id
                  JOIN sending.dispatch_mailout m ON m.mailout_id = ?
                 ORDER BY u.customer_id
                """, batchSize, after, original, batchSize, followUp);
    }

    /**
     * Reads one window of at most {@code window} customers after the cursor (columns {@code customer_id, phone,
     * email, time_zone, recipient}; parameters the cursor, then {@code rest}) and keeps its recipients, up to one batch; a
     * window that was not full reached the end.
     */
    private Release walk(String sql, int window, UUID after, Object... rest) {
        List<Recipient> recipients = new ArrayList<>();
        UUID[] cursor = {after};
        int[] seen = {0};
        jdbc.query(
                sql,
                (ResultSet rs) -> {
                    while (recipients.size() < batchSize && rs.next()) {
                        UUID customerId = rs.getObject("customer_id", UUID.class);
                        cursor[0] = customerId;
                        seen[0]++;
                        if (rs.getBoolean("recipient")) {
                            recipients.add(new Recipient(
                                    customerId,
                                    rs.getString("phone"),
                                    rs.getString("email"),
                                    rs.getString("time_zone")));
                        }
                    }
                    return null;
                },
                Stream.concat(Stream.of(after == null ? BEFORE_ALL : after), Arrays.stream(rest))
                        .toArray());
        boolean full = recipients.size() == batchSize;
        return new Release(recipients, cursor[0], !full && seen[0] < window);
    }
}

package io.mailing.sending.dispatch;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the audience projection: active customers who had joined when the mailout started ({@code seq} at most its
 * {@code audience_seq}) and match its filter — OR inside a field, AND between fields, an empty field matching all.
 */
@Component
class JdbcAudience implements Audience {

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
    public int batchSize() {
        return batchSize;
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
    public List<Recipient> next(UUID mailoutId, UUID after, int limit) {
        return jdbc.query(
                """
                SELECT a.customer_id, a.phone, a.time_zone
                  FROM sending.audience a, sending.dispatch_mailout m
                 WHERE m.mailout_id = ?
                   AND a.customer_id > ?
                   AND a.active
                   AND a.seq <= m.audience_seq
                   AND (cardinality(m.operator_codes) = 0 OR a.operator_code = ANY (m.operator_codes))
                   AND (cardinality(m.tags) = 0 OR a.tags && m.tags)
                 ORDER BY a.customer_id
                 LIMIT ?
                """,
                (rs, row) -> new Recipient(
                        rs.getObject("customer_id", UUID.class), rs.getString("phone"), rs.getString("time_zone")),
                mailoutId,
                after == null ? BEFORE_ALL : after,
                limit);
    }
}

package io.mailing.query.jdbc;

import static io.mailing.query.jdbc.Sql.withIds;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.testsupport.MigratedDatabase;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A look-up by an array of ids on one connection, as a projection makes one per batch, while the table it reads grows
 * from nothing, with no one analyzing it (as with autovacuum off, or between two of its runs).
 */
class LookUpByIdsIT {

    private static final MigratedDatabase DATABASE = MigratedDatabase.of("query");
    private static final String LOOK_UP = "SELECT id FROM query.message WHERE id = ANY (?)";

    private final JdbcTemplate jdbc = DATABASE.jdbc();
    private final TransactionTemplate transactions =
            new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));

    @Test
    void readsTheTableByItsKeyAfterTheTableGrewFromNothing() {
        for (int batch = 0; batch < 10; batch++) {
            assertThat(lookUp(someIds())).isEmpty();
        }
        jdbc.update("""
                INSERT INTO query.message (id, mailout_id, status, attempts, queued_at, updated_at, queued_position,
                                           last_position)
                SELECT gen_random_uuid(), gen_random_uuid(), 'SENT', 1, now(), now(), n, n
                  FROM generate_series(1, 50000) AS n
                """);

        long sequentialScans = transactions.execute(status -> {
            long before = sequentialScans();
            lookUp(someIds());
            return sequentialScans() - before;
        });

        assertThat(sequentialScans).isZero();
    }

    /**
     * The sequential scans of {@code query.message} this connection made and has not reported yet: those of this
     * transaction, and of earlier ones since the last report.
     */
    private long sequentialScans() {
        return jdbc.queryForObject(
                "SELECT seq_scan FROM pg_stat_xact_user_tables WHERE schemaname = 'query' AND relname = 'message'",
                Long.class);
    }

    private List<UUID> lookUp(List<UUID> ids) {
        return jdbc.query(withIds(LOOK_UP, ids), (rs, row) -> rs.getObject(1, UUID.class));
    }

    private static List<UUID> someIds() {
        return Stream.generate(UUID::randomUUID).limit(50).toList();
    }
}

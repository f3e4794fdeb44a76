package io.mailing.sending.delivery;

import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the delivery queue's tables free of the dead row versions its messages leave behind (see
 * {@link #vacuumIfNeeded}); the sweeper calls it after each sweep.
 */
@Component
class QueueVacuum {

    /**
     * How many messages a dead row version of {@code delivery_batch} stands for, about: a batch row of 200 leaves
     * three or four (its claims and its deletion) and, with it, its arrays in the table's TOAST storage.
     */
    static final int MESSAGES_PER_DEAD_BATCH_ROW = 60;

    private final JdbcTemplate jdbc;
    /** The dead row versions the last vacuum of each table could not remove (see {@link #vacuumIfNeeded}). */
    private final Map<String, Long> deadLeftByLastVacuum = new HashMap<>();

    QueueVacuum(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Vacuums each of the queue's tables once {@code deadRows} more dead row versions (for {@code delivery_batch},
     * the messages they stand for) have piled up in it than the last vacuum left behind, and says whether it
     * vacuumed one. A message that needs another attempt leaves two or three dead versions of its queue row behind
     * (its retries, its removal), and their index entries stay at the front of each mailout's range in the
     * {@code (mailout_id, due_at)} index until a vacuum removes them, so without one each claim walks past every
     * message its mailout has retried so far, longer with every message (docs/performance.md, "Figures behind
     * choices in the code"); a batch row's deleted arrays take room until a vacuum frees it. The server's autovacuum
     * may be off, or too slow for tables that turn over this fast. The index entries are cleaned even when few heap
     * pages hold dead rows ({@code INDEX_CLEANUP ON}), and a node skips the vacuum while another runs one
     * ({@code SKIP_LOCKED}). Dead rows that a vacuum could not remove (an older transaction may still see them) do
     * not count towards the next one, which would only scan the table again for nothing. Runs outside any
     * transaction, as {@code VACUUM} must; called by one thread.
     */
    boolean vacuumIfNeeded(long deadRows) {
        boolean queue = vacuumIfNeeded("delivery_queue", deadRows);
        boolean batches = vacuumIfNeeded("delivery_batch", Math.max(1, deadRows / MESSAGES_PER_DEAD_BATCH_ROW));
        return queue || batches;
    }

    private boolean vacuumIfNeeded(String table, long deadRows) {
        long dead = deadRows(table);
        long left = Math.min(deadLeftByLastVacuum.getOrDefault(table, 0L), dead);
        deadLeftByLastVacuum.put(table, left);
        if (dead - left < deadRows) {
            return false;
        }
        jdbc.execute("VACUUM (INDEX_CLEANUP ON, SKIP_LOCKED) sending." + table);
        deadLeftByLastVacuum.put(table, deadRows(table));
        return true;
    }

    private long deadRows(String table) {
        Long dead = jdbc.queryForObject(
                "SELECT coalesce((SELECT n_dead_tup FROM pg_stat_user_tables"
                        + " WHERE schemaname = 'sending' AND relname = ?), 0)",
                Long.class,
                table);
        return dead == null ? 0 : dead;
    }
}

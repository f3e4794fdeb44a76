package io.mailing.sending.delivery;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the delivery queue's table free of the dead row versions its messages leave behind (see
 * {@link #vacuumIfNeeded}); the sweeper calls it after each sweep.
 */
@Component
class QueueVacuum {

    private final JdbcTemplate jdbc;
    /** The dead row versions the last vacuum could not remove (see {@link #vacuumIfNeeded}). */
    private long deadLeftByLastVacuum;

    QueueVacuum(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Vacuums the queue table once {@code deadRows} more dead row versions have piled up in it than the last vacuum
     * left behind, and says whether it did. Every message leaves two or three dead versions behind (its lease, its
     * retries, its removal), and their index entries stay at the front of each mailout's range in the
     * {@code (mailout_id, due_at)} index until a vacuum removes them, so without one each claim walks past every
     * message its mailout has sent so far, longer with every message (docs/performance.md, "Figures behind choices
     * in the code"). The server's autovacuum may be off, or too slow for a table that turns
     * over this fast. The index entries are cleaned even when few heap pages hold dead rows ({@code INDEX_CLEANUP
     * ON}), and a node skips the vacuum while another runs one ({@code SKIP_LOCKED}). Dead rows that a vacuum could
     * not remove (an older transaction may still see them) do not count towards the next one, which would only scan
     * the table again for nothing. Runs outside any transaction, as {@code VACUUM} must; called by one thread.
     */
    boolean vacuumIfNeeded(long deadRows) {
        long dead = deadRows();
        deadLeftByLastVacuum = Math.min(deadLeftByLastVacuum, dead);
        if (dead - deadLeftByLastVacuum < deadRows) {
            return false;
        }
        jdbc.execute("VACUUM (INDEX_CLEANUP ON, SKIP_LOCKED) sending.delivery_queue");
        deadLeftByLastVacuum = deadRows();
        return true;
    }

    private long deadRows() {
        Long dead = jdbc.queryForObject(
                "SELECT coalesce((SELECT n_dead_tup FROM pg_stat_user_tables"
                        + " WHERE schemaname = 'sending' AND relname = 'delivery_queue'), 0)",
                Long.class);
        return dead == null ? 0 : dead;
    }
}

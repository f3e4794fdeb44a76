package io.mailing.query.projection;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Statements gathered over a batch of events and run in their order, each run of the same statement as one JDBC
 * batch (one round trip).
 */
public final class StatementBatch {

    private final List<Statement> statements = new ArrayList<>();

    /** Adds a statement with its arguments. */
    public void add(String sql, Object... args) {
        statements.add(new Statement(sql, args));
    }

    /** Runs every statement added, in order; answers each statement's update count, in the same order. */
    public int[] run(JdbcTemplate jdbc) {
        int[] counts = new int[statements.size()];
        int from = 0;
        while (from < statements.size()) {
            String sql = statements.get(from).sql();
            int to = from;
            List<Object[]> args = new ArrayList<>();
            while (to < statements.size() && statements.get(to).sql().equals(sql)) {
                args.add(statements.get(to).args());
                to++;
            }
            int[] run = jdbc.batchUpdate(sql, args);
            System.arraycopy(run, 0, counts, from, run.length);
            from = to;
        }
        return counts;
    }

    private record Statement(String sql, Object[] args) {}
}

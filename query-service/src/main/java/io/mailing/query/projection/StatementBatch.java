package io.mailing.query.projection;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Statements gathered over a batch of events and run in their order, each run of the same statement as one JDBC
 * batch (one round trip). A statement added with a weight counts toward the batch's tally: each row it changes adds
 * its weight (a projection keeps a total so, without counting its table).
 */
public final class StatementBatch {

    private final List<Statement> statements = new ArrayList<>();

    /** Adds a statement with its arguments. */
    public void add(String sql, Object... args) {
        counted(sql, 0, args);
    }

    /** Adds a statement with its arguments, each row it changes adding {@code weight} to the tally. */
    public void counted(String sql, int weight, Object... args) {
        statements.add(new Statement(sql, weight, args));
    }

    /**
     * Runs every statement added, in order; answers the tally: the sum over the statements of the rows each changed
     * times its weight.
     */
    public long run(JdbcTemplate jdbc) {
        long tally = 0;
        int from = 0;
        while (from < statements.size()) {
            String sql = statements.get(from).sql();
            int to = from;
            List<Object[]> args = new ArrayList<>();
            while (to < statements.size() && statements.get(to).sql().equals(sql)) {
                args.add(statements.get(to).args());
                to++;
            }
            int[] counts = jdbc.batchUpdate(sql, args);
            for (int i = 0; i < counts.length; i++) {
                int weight = statements.get(from + i).weight();
                if (weight != 0 && counts[i] < 0) {
                    throw new IllegalStateException("The JDBC driver did not say how many rows a counted statement"
                            + " changed (is reWriteBatchedInserts on?): " + sql);
                }
                tally += (long) weight * counts[i];
            }
            from = to;
        }
        return tally;
    }

    private record Statement(String sql, int weight, Object[] args) {}
}

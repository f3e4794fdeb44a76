package io.mailing.sending.delivery;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The delivery queue's changes of one unit of work, written just before it commits: statements in the order the
 * events came, each run of the same statement as one JDBC batch. Releasing 200 messages costs one round trip for
 * their rows instead of 200.
 */
final class QueueWrites {

    private record Write(String sql, Object[] arguments) {}

    private final List<Write> writes = new ArrayList<>();

    void add(String sql, Object... arguments) {
        writes.add(new Write(sql, arguments));
    }

    void run(JdbcTemplate jdbc) {
        int from = 0;
        while (from < writes.size()) {
            String sql = writes.get(from).sql();
            int to = from;
            List<Object[]> batch = new ArrayList<>();
            while (to < writes.size() && writes.get(to).sql().equals(sql)) {
                batch.add(writes.get(to++).arguments());
            }
            if (batch.size() == 1) {
                jdbc.update(sql, batch.get(0));
            } else {
                jdbc.batchUpdate(sql, batch);
            }
            from = to;
        }
    }
}

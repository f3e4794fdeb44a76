package io.mailing.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a mailout cost per message: rows written and transactions committed in the bench's database (PostgreSQL's own
 * counters, {@code pg_stat_database}; with {@code pg_stat_statements} also the statements that touched the most rows)
 * and CPU time by process ({@code /proc}): the platform's JVM, the PostgreSQL server's processes that worked for the
 * bench's database or for the whole server ({@link ServerCpu}), and the provider simulator's, shown apart because a
 * real provider's work is not ours.
 *
 * <p>The window runs from just before the mailout is created until every message is final and the query projections
 * have caught up: the rows they write for it are part of its cost. PostgreSQL publishes a backend's counts when it
 * goes idle, at most once a second, and an idle backend's within 10 s, so the counters are read after 11 s of quiet at
 * either end; the CPU is read at the window's very ends.
 */
final class Cost {

    static final double ROW_WRITES_TARGET = 5;
    static final double CPU_MS_TARGET = 0.4;
    private static final Duration STATISTICS_DELAY = Duration.ofSeconds(11);
    private static final int TOP_STATEMENTS = 8;

    private final String statsUrl;
    private final String databaseUrl;
    private final String user;
    private final String password;
    private final String database;
    private final Optional<ServerCpu> server;
    private final String statementsUnavailable;

    /**
     * @param statsUrl where the counters are read from: another database of the same server, so that the readings
     *     are not counted as the bench database's own commits
     * @param databaseUrl the bench's database
     */
    Cost(String statsUrl, String databaseUrl, String user, String password, String database) {
        this.statsUrl = statsUrl;
        this.databaseUrl = databaseUrl;
        this.user = user;
        this.password = password;
        this.database = database;
        this.server = ServerCpu.watch(databaseUrl, user, password, database);
        this.statementsUnavailable = enableStatements();
    }

    /** Why there are no statement figures ({@code null} when there are): reported as it is. */
    String statementsUnavailable() {
        return statementsUnavailable;
    }

    /** Whether the PostgreSQL server runs on this machine, so that its CPU time is measured. */
    boolean serverCpuMeasured() {
        return server.isPresent();
    }

    /** Starts a window, after the counters have settled. */
    Window start(Processes.Jvm platform, Processes.Jvm simulator) throws InterruptedException {
        Thread.sleep(STATISTICS_DELAY.toMillis());
        return new Window(platform, simulator);
    }

    /** The mailout's cost so far, measured from its start. */
    final class Window {

        private final Processes.Jvm platform;
        private final Processes.Jvm simulator;
        private final Map<Long, Query> statements;
        private final Map<String, long[]> tables;
        private final long[] counters;
        private final long platformTicks;
        private final long simulatorTicks;
        private final Map<ServerCpu.Whose, Long> serverTicks;
        private final long startNanos;

        private Window(Processes.Jvm platform, Processes.Jvm simulator) {
            this.platform = platform;
            this.simulator = simulator;
            this.statements = statements();
            this.tables = tables();
            this.counters = counters();
            this.platformTicks = ticks(platform);
            this.simulatorTicks = ticks(simulator);
            this.serverTicks = server.map(ServerCpu::ticks).orElse(Map.of());
            this.startNanos = System.nanoTime();
        }

        /**
         * Ends the window: the stage's row of the per-message table; its row writes by table into {@code byTable}
         * and its top statements into {@code top}.
         */
        Map<String, Object> finish(
                String stage, long messages, List<Map<String, Object>> byTable, List<Map<String, Object>> top)
                throws InterruptedException {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            double platformMs = ProcStat.millis(ticks(platform) - platformTicks);
            double simulatorMs = ProcStat.millis(ticks(simulator) - simulatorTicks);
            Map<ServerCpu.Whose, Long> serverNow = server.map(ServerCpu::ticks).orElse(Map.of());
            Thread.sleep(STATISTICS_DELAY.toMillis());
            long[] countersNow = counters();
            Map<Long, Query> statementsNow = statements();
            Map<String, long[]> tablesNow = tables();

            Map<String, Object> row = new LinkedHashMap<>();
            row.put("stage", stage);
            row.put("messages", messages);
            row.put("seconds", Benchmark.round(seconds));
            row.put("rowWrites", Benchmark.round((countersNow[0] - counters[0]) / (double) messages, 2));
            row.put("commits", Benchmark.round((countersNow[1] - counters[1]) / (double) messages, 2));
            row.put("cpuMsPlatform", Benchmark.round(platformMs / messages, 3));
            if (server.isPresent()) {
                double postgresMs = ProcStat.millis(serverNow.get(ServerCpu.Whose.BENCH)
                        - serverTicks.get(ServerCpu.Whose.BENCH)
                        + serverNow.get(ServerCpu.Whose.SERVER)
                        - serverTicks.get(ServerCpu.Whose.SERVER));
                row.put("cpuMsPostgresql", Benchmark.round(postgresMs / messages, 3));
                row.put("cpuMsSimulator", Benchmark.round(simulatorMs / messages, 3));
                row.put("cpuMsWithoutSimulator", Benchmark.round((platformMs + postgresMs) / messages, 3));
                row.put(
                        "otherDatabasesCpuSeconds",
                        Benchmark.round(
                                ProcStat.millis(serverNow.get(ServerCpu.Whose.OTHERS)
                                                - serverTicks.get(ServerCpu.Whose.OTHERS))
                                        / 1000,
                                1));
            } else {
                row.put("cpuMsPostgresql", "not measured");
                row.put("cpuMsSimulator", Benchmark.round(simulatorMs / messages, 3));
                row.put("cpuMsWithoutSimulator", "not measured");
                row.put("otherDatabasesCpuSeconds", "not measured");
            }
            top.addAll(topStatements(stage, messages, statementsNow));
            byTable.addAll(byTable(stage, messages, tablesNow));
            return row;
        }

        private List<Map<String, Object>> byTable(String stage, long messages, Map<String, long[]> now) {
            List<Map<String, Object>> rows = new ArrayList<>();
            now.forEach((table, counts) -> {
                long[] before = tables.getOrDefault(table, new long[3]);
                long inserted = counts[0] - before[0];
                long updated = counts[1] - before[1];
                long deleted = counts[2] - before[2];
                if (inserted + updated + deleted > 0) {
                    rows.add(Benchmark.ordered(
                            "stage",
                            stage,
                            "table",
                            table,
                            "writes",
                            Benchmark.round((inserted + updated + deleted) / (double) messages, 3),
                            "inserted",
                            Benchmark.round(inserted / (double) messages, 3),
                            "updated",
                            Benchmark.round(updated / (double) messages, 3),
                            "deleted",
                            Benchmark.round(deleted / (double) messages, 3)));
                }
            });
            rows.sort(Comparator.comparingDouble((Map<String, Object> r) -> (Double) r.get("writes"))
                    .reversed());
            return rows;
        }

        private List<Map<String, Object>> topStatements(String stage, long messages, Map<Long, Query> now) {
            List<Map<String, Object>> rows = new ArrayList<>();
            now.entrySet().stream()
                    .map(e -> e.getValue().minus(statements.get(e.getKey())))
                    .filter(s -> s.rows > 0)
                    .sorted(Comparator.comparingLong((Query s) -> s.rows).reversed())
                    .limit(TOP_STATEMENTS)
                    .forEach(s -> rows.add(Benchmark.ordered(
                            "stage",
                            stage,
                            "rowsPerMessage",
                            Benchmark.round(s.rows / (double) messages, 3),
                            "callsPerMessage",
                            Benchmark.round(s.calls / (double) messages, 3),
                            "statement",
                            s.text.replace("|", "\\|"))));
            return rows;
        }
    }

    private static long ticks(Processes.Jvm jvm) {
        return ProcStat.read(jvm.process.pid()).map(ProcStat::cpuTicks).orElse(0L);
    }

    /** Rows written (inserted, updated, deleted) and transactions committed in the bench's database so far. */
    private long[] counters() {
        try (Connection connection = DriverManager.getConnection(statsUrl, user, password);
                PreparedStatement query = connection.prepareStatement(
                        "SELECT tup_inserted + tup_updated + tup_deleted, xact_commit FROM pg_stat_database"
                                + " WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return new long[] {row.getLong(1), row.getLong(2)};
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read pg_stat_database", e);
        }
    }

    /**
     * Makes {@code pg_stat_statements} readable in the bench's (fresh) database if the server loads it; the reason
     * it cannot be, if it cannot. It is never required: most servers do not preload it.
     */
    private String enableStatements() {
        try (Connection connection = DriverManager.getConnection(databaseUrl, user, password);
                Statement statement = connection.createStatement()) {
            try (ResultSet preload = statement.executeQuery("SHOW shared_preload_libraries")) {
                preload.next();
                if (!preload.getString(1).contains("pg_stat_statements")) {
                    return "pg_stat_statements is not in the server's shared_preload_libraries";
                }
            }
            try (ResultSet installed =
                    statement.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'")) {
                if (!installed.next()) {
                    statement.execute("CREATE EXTENSION pg_stat_statements");
                }
            }
            statement.executeQuery("SELECT 1 FROM pg_stat_statements LIMIT 1").close();
            return null;
        } catch (SQLException e) {
            return "pg_stat_statements is not usable: " + e.getMessage();
        }
    }

    /**
     * Each table's rows inserted, updated and deleted so far ({@code pg_stat_user_tables}, read in the bench's
     * database, so before the window's counters at its start and after them at its end): where the row writes go,
     * with or without {@code pg_stat_statements}. Catalogs and TOAST tables, which {@code pg_stat_database} counts
     * too, are not among them.
     */
    private Map<String, long[]> tables() {
        Map<String, long[]> tables = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(databaseUrl, user, password);
                ResultSet rows = connection
                        .createStatement()
                        .executeQuery("SELECT schemaname || '.' || relname, n_tup_ins, n_tup_upd, n_tup_del"
                                + " FROM pg_stat_user_tables")) {
            while (rows.next()) {
                tables.put(rows.getString(1), new long[] {rows.getLong(2), rows.getLong(3), rows.getLong(4)});
            }
        } catch (SQLException e) {
            Benchmark.say("could not read pg_stat_user_tables: %s", e.getMessage());
        }
        return tables;
    }

    /** Each statement's calls and rows so far in the bench's database; empty without pg_stat_statements. */
    private Map<Long, Query> statements() {
        Map<Long, Query> statements = new HashMap<>();
        if (statementsUnavailable != null) {
            return statements;
        }
        try (Connection connection = DriverManager.getConnection(databaseUrl, user, password);
                ResultSet rows = connection
                        .createStatement()
                        .executeQuery("SELECT queryid, min(left(regexp_replace(query, '\\s+', ' ', 'g'), 160)),"
                                + " sum(calls), sum(rows) FROM pg_stat_statements"
                                + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                                + " AND queryid IS NOT NULL GROUP BY queryid")) {
            while (rows.next()) {
                statements.put(rows.getLong(1), new Query(rows.getString(2), rows.getLong(3), rows.getLong(4)));
            }
        } catch (SQLException e) {
            Benchmark.say("could not read pg_stat_statements: %s", e.getMessage());
        }
        return statements;
    }

    /** One statement's calls and rows (returned or affected). */
    private record Query(String text, long calls, long rows) {

        Query minus(Query before) {
            return before == null ? this : new Query(text, calls - before.calls, rows - before.rows);
        }
    }
}

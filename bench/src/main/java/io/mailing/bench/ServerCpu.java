package io.mailing.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The CPU time of the local PostgreSQL server's processes, split by whom they worked for.
 *
 * <p>Backends come and go (a connection pool retires its connections, the bench's own readings connect and
 * disconnect), and a process that ends takes its counters with it. So the server's processes (the postmaster and its
 * children) are read every 500 ms and each one's last reading is kept: one that ends between two readings loses at
 * most its last half second. The postmaster's {@code cutime}/{@code cstime} would count ended backends in full, but
 * for every database at once: on a shared server other people's work would count as the platform's.
 *
 * <p>Each process is attributed by the title the server gives it ({@code postgres: 15/main: postgres bench_x
 * 127.0.0.1(40000) idle}): backends of the bench's database count; the server's own processes (checkpointer, WAL
 * writer, background writer, autovacuum, the postmaster), which work for every database, count too; backends of other
 * databases do not, and are reported apart as a sign of how busy others kept the server.
 */
final class ServerCpu implements AutoCloseable {

    /** Whom a server process worked for. */
    enum Whose {
        BENCH,
        SERVER,
        OTHERS
    }

    private static final Pattern CLIENT = Pattern.compile("\\S*\\(\\d+\\)|\\[local]");

    private final long postmaster;
    private final String database;
    private final Map<String, Tracked> processes = new HashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "server-cpu");
        thread.setDaemon(true);
        return thread;
    });
    private boolean first = true;

    private ServerCpu(long postmaster, String database) {
        this.postmaster = postmaster;
        this.database = database;
        sample();
        sampler.scheduleAtFixedRate(this::sample, 500, 500, TimeUnit.MILLISECONDS);
    }

    /**
     * Watches the server of this database if it runs on this machine: the parent of the bench's own backend is its
     * postmaster, provided that backend is visible in {@code /proc} under the database's name (a server in a
     * container or on another machine is not, and then there is no PostgreSQL CPU figure).
     */
    static Optional<ServerCpu> watch(String url, String user, String password, String database) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                ResultSet backend = connection.createStatement().executeQuery("SELECT pg_backend_pid()")) {
            backend.next();
            long pid = backend.getLong(1);
            Optional<ProcStat> stat = ProcStat.read(pid);
            if (stat.isEmpty() || !titled(ProcStat.commandLine(pid), database)) {
                return Optional.empty();
            }
            return Optional.of(new ServerCpu(stat.get().parent(), database));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** CPU ticks so far, by whom, counted from the first reading (or from its start for a process begun since). */
    synchronized Map<Whose, Long> ticks() {
        sample();
        Map<Whose, Long> ticks = new EnumMap<>(Whose.class);
        for (Whose whose : Whose.values()) {
            ticks.put(whose, 0L);
        }
        processes.values().forEach(p -> ticks.merge(p.whose, p.last - p.baseline, Long::sum));
        return ticks;
    }

    private synchronized void sample() {
        for (long pid : serverProcesses()) {
            Optional<ProcStat> stat = ProcStat.read(pid);
            if (stat.isEmpty() || (pid != postmaster && stat.get().parent() != postmaster)) {
                continue;
            }
            Whose whose = pid == postmaster ? Whose.SERVER : whose(ProcStat.commandLine(pid), database);
            String key = pid + "@" + stat.get().startTicks();
            Tracked known = processes.get(key);
            long baseline = known != null ? known.baseline : first ? stat.get().cpuTicks() : 0;
            processes.put(key, new Tracked(whose, baseline, stat.get().cpuTicks()));
        }
        first = false;
    }

    /** Whom a server process with this title works for: a backend names its database and its client. */
    static Whose whose(String title, String database) {
        if (titled(title, database)) {
            return Whose.BENCH;
        }
        return Stream.of(title.split("\\s+"))
                        .anyMatch(word -> CLIENT.matcher(word).matches())
                ? Whose.OTHERS
                : Whose.SERVER;
    }

    private static boolean titled(String title, String database) {
        return Stream.of(title.split("\\s+")).anyMatch(database::equals);
    }

    /** The postmaster and its children: from its {@code children} file, or else by a look through {@code /proc}. */
    private List<Long> serverProcesses() {
        List<Long> pids = new ArrayList<>(List.of(postmaster));
        Path children = Path.of("/proc/" + postmaster + "/task/" + postmaster + "/children");
        try {
            if (Files.isReadable(children)) {
                for (String pid : Files.readString(children).trim().split("\\s+")) {
                    if (!pid.isEmpty()) {
                        pids.add(Long.parseLong(pid));
                    }
                }
                return pids;
            }
            try (Stream<Path> all = Files.list(Path.of("/proc"))) {
                all.map(path -> path.getFileName().toString())
                        .filter(name -> name.chars().allMatch(Character::isDigit))
                        .map(Long::parseLong)
                        .forEach(pids::add);
            }
        } catch (IOException e) {
            // the server is gone; what was read stays
        }
        return pids;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }

    private record Tracked(Whose whose, long baseline, long last) {}
}

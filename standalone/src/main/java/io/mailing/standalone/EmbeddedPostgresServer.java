package io.mailing.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.springframework.beans.factory.DisposableBean;

/**
 * A PostgreSQL server (zonky binaries) whose data directory outlives the process, with one database for the
 * platform. zonky is made for throw-away test servers, so three things are added for data that must last:
 *
 * <ul>
 *   <li>A server left running by a JVM that was killed (kill -9, OOM killer) still holds the data directory; it is
 *       recognised by its {@code postmaster.pid} (a live {@code postgres} process serving this directory) and shut
 *       down before the new server starts. A {@code postmaster.pid} whose process is gone, or belongs to another
 *       program, is stale and removed. zonky's own {@code epg-lock} file lock, held by the JVM from before this check
 *       until the server stops, keeps two live JVMs off one directory.
 *   <li>zonky turns off {@code fsync} and {@code synchronous_commit}; both are on again, as the event store's
 *       durability needs.
 *   <li>The server logs to a file beside the data directory, not to a pipe into this JVM, so a server that outlives
 *       its JVM does not lose its log.
 * </ul>
 */
final class EmbeddedPostgresServer implements DisposableBean {

    static final String DATABASE = "mailing";
    static final String USER = "postgres";

    private static final Duration ORPHAN_SHUTDOWN = Duration.ofSeconds(60);
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final Log log;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, Log log) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.log = log;
    }

    /**
     * Starts the server on the directory (created and initialised when empty) and creates the database if missing.
     * The log is a parameter because the server starts before Spring Boot has set up logging: a deferred log
     * replays its lines once logging is ready.
     */
    static EmbeddedPostgresServer start(Path dataDirectory, int port, Log log) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        Path logFile = directory.resolveSibling(directory.getFileName() + ".log");
        try {
            Files.createDirectories(directory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(STARTUP)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("listen_addresses", "localhost")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setDataDirectoryCustomizer(locked -> prepare(locked.toPath(), port, logFile, log))
                    .start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, directory, log);
            try {
                server.createDatabaseIfMissing();
            } catch (RuntimeException e) {
                server.destroy();
                throw e;
            }
            log.info("Embedded PostgreSQL on localhost:" + postgres.getPort() + ", database '" + DATABASE
                    + "'; data in " + directory + " (kept across restarts), server log " + logFile);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Embedded PostgreSQL did not start on " + directory + " (see " + logFile + ")", e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    /** Stops the server (fast shutdown); idempotent. */
    @Override
    public void destroy() {
        if (stopped.getAndSet(true)) {
            return;
        }
        log.info("Stopping embedded PostgreSQL (data in " + dataDirectory + ")");
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs while zonky holds the directory's lock and before it starts the server. */
    private static void prepare(Path directory, int port, Path logFile, Log log) {
        Path pidFile = directory.resolve("postmaster.pid");
        if (Files.exists(pidFile)) {
            handleLeftOverPidFile(directory, pidFile, log);
        }
        if (port != 0 && !isFree(port)) {
            throw new IllegalStateException("Port " + port + " is taken, so the embedded PostgreSQL for " + directory
                    + " cannot start on it; choose another with mailing.embedded-postgres.port (0 = any free port)");
        }
        log.info("Starting embedded PostgreSQL on " + directory + " (server log " + logFile + ")");
    }

    private static void handleLeftOverPidFile(Path directory, Path pidFile, Log log) {
        List<String> lines = readLines(pidFile);
        Optional<ProcessHandle> process = lines.isEmpty() ? Optional.empty() : pid(lines.get(0));
        boolean servesThisDirectory = lines.size() > 1 && sameDirectory(lines.get(1), directory);
        if (process.isPresent() && servesThisDirectory && isPostgres(process.get())) {
            stopOrphan(process.get(), directory, log);
        } else {
            log.warn("Removing stale " + pidFile + " (left by a server that is no longer running)");
            delete(pidFile);
        }
    }

    /**
     * SIGTERM is PostgreSQL's "smart" shutdown: it waits for sessions to end, and the sessions of the killed JVM
     * ended with it, so the server checkpoints and exits. A server that does not exit has a client of its own; it is
     * named, not killed, because killing a postmaster whose backends live on leaves the directory unusable.
     */
    private static void stopOrphan(ProcessHandle orphan, Path directory, Log log) {
        log.warn("PostgreSQL pid " + orphan.pid() + " from an earlier run still serves " + directory
                + " (its JVM was killed); shutting it down");
        if (!orphan.destroy()) {
            throw new IllegalStateException("PostgreSQL pid " + orphan.pid() + " still serves " + directory
                    + " and cannot be stopped from here; stop it (kill -INT " + orphan.pid() + ") and start again");
        }
        try {
            orphan.onExit().get(ORPHAN_SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
            log.info("Orphaned PostgreSQL pid " + orphan.pid() + " has shut down");
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException("PostgreSQL pid " + orphan.pid() + " still serves " + directory + " after "
                    + ORPHAN_SHUTDOWN.toSeconds() + " s; stop it (kill -INT " + orphan.pid() + ") and start again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for PostgreSQL pid " + orphan.pid(), e);
        }
    }

    private static Optional<ProcessHandle> pid(String line) {
        try {
            return ProcessHandle.of(Long.parseLong(line.trim())).filter(ProcessHandle::isAlive);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A process whose command cannot be read (another user's) is taken for PostgreSQL: the safe side. */
    private static boolean isPostgres(ProcessHandle process) {
        return process.info()
                .command()
                .map(command -> Path.of(command).getFileName().toString().startsWith("postgres"))
                .orElse(true);
    }

    private static boolean sameDirectory(String recorded, Path directory) {
        try {
            return Files.isSameFile(Path.of(recorded.trim()), directory);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void createDatabaseIfMissing() {
        String admin = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
        try (Connection connection = DriverManager.getConnection(admin, USER, "");
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet result = exists.executeQuery()) {
                if (result.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
            }
            log.info("Created database '" + DATABASE + "' in " + dataDirectory);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + DATABASE, e);
        }
    }
}

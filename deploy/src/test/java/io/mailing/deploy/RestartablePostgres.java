package io.mailing.deploy;

import io.mailing.testsupport.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL server of the test's own (the embedded binaries), on a fixed port and data directory, so that it can
 * be stopped and started again under running services without touching a server anyone else uses. Stopping is
 * PostgreSQL's fast shutdown: every connection is cut, nothing committed is lost.
 */
final class RestartablePostgres implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    /** Starts a new server in {@code dataDirectory}, deleting whatever an earlier run left there. */
    RestartablePostgres(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
        this.port = SplitPlatform.freePort();
        SplitPlatform.deleteTree(dataDirectory);
        start();
    }

    void start() {
        try {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("max_connections", "200")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start in " + dataDirectory, e);
        }
    }

    void stop() {
        try {
            server.close();
            server = null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TestDatabase createDatabase(String name) {
        try (Connection connection = DriverManager.getConnection(url("postgres"), "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return new TestDatabase(url(name), "postgres", "");
    }

    @Override
    public void close() {
        if (server != null) {
            stop();
        }
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }
}

package io.mailing.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * Hands out a fresh PostgreSQL database per caller, on the first server that is available, in this order:
 *
 * <ol>
 *   <li>the server of {@code TEST_JDBC_URL} (with {@code TEST_JDBC_USER}, {@code TEST_JDBC_PASSWORD}); new
 *       databases are named after that URL's database, so a CI run can drop them all by prefix;
 *   <li>a Testcontainers PostgreSQL, when a Docker engine answers;
 *   <li>an embedded PostgreSQL (zonky binaries from Maven Central), so a machine with only a JDK runs the tests.
 * </ol>
 *
 * One server per JVM, started on first use; each database is created empty, so no test sees another's data.
 */
public final class TestDatabases {

    private static final Logger log = LoggerFactory.getLogger(TestDatabases.class);
    private static final Pattern JDBC_URL = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(\\?.*)?");
    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** Tells this JVM's databases from those of an earlier run on the same server that were not dropped. */
    private static final String RUN = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);

    private static Server server;

    private TestDatabases() {}

    /** Creates an empty database whose name starts with the hint (e.g. the test class). */
    public static TestDatabase create(String hint) {
        Server current = server();
        String name = databaseName(current.prefix(), hint);
        try (Connection connection =
                        DriverManager.getConnection(current.adminUrl(), current.username(), current.password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name, e);
        }
        return new TestDatabase(current.urlOf(name), current.username(), current.password());
    }

    private static String databaseName(String prefix, String hint) {
        String suffix = "_" + RUN + "_" + COUNTER.incrementAndGet() + "_"
                + hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        String name = prefix + suffix;
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    private static synchronized Server server() {
        if (server == null) {
            server = startServer();
        }
        return server;
    }

    private static Server startServer() {
        String url = System.getenv("TEST_JDBC_URL");
        if (url != null && !url.isBlank()) {
            log.info("Test databases on the server of TEST_JDBC_URL {}", url);
            return Server.of(url, envOr("TEST_JDBC_USER", "postgres"), envOr("TEST_JDBC_PASSWORD", ""));
        }
        if (dockerAvailable()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:17-alpine");
            container.start();
            log.info("Test databases on a Testcontainers PostgreSQL {}", container.getJdbcUrl());
            return Server.of(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            String embeddedUrl = embedded.getJdbcUrl("postgres", "postgres");
            log.info("Test databases on an embedded PostgreSQL {}", embeddedUrl);
            return Server.of(embeddedUrl, "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("No TEST_JDBC_URL, no Docker, and embedded PostgreSQL failed", e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    private record Server(String base, String database, String params, String username, String password) {

        static Server of(String jdbcUrl, String username, String password) {
            Matcher matcher = JDBC_URL.matcher(jdbcUrl);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + jdbcUrl);
            }
            String params = matcher.group(3) == null ? "" : matcher.group(3);
            return new Server(matcher.group(1), matcher.group(2), params, username, password);
        }

        String adminUrl() {
            return base + database + params;
        }

        String urlOf(String name) {
            return base + name + params;
        }

        String prefix() {
            String cleaned = database.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_");
            return cleaned.isEmpty() || cleaned.equals("postgres") || cleaned.equals("test") ? "mailing_test" : cleaned;
        }
    }
}

package io.mailing.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where the run's database lives: a fresh database on a server, or the platform's own embedded PostgreSQL. */
final class Database {

    private final String adminUrl;
    private final String name;
    private final Path embeddedDir;
    String url;
    final String user;
    final String password;

    private Database(String adminUrl, String name, Path embeddedDir, String user, String password) {
        this.adminUrl = adminUrl;
        this.name = name;
        this.embeddedDir = embeddedDir;
        this.user = user;
        this.password = password;
        this.url = name == null ? null : adminUrl.replaceFirst("/[^/?]*(\\?.*)?$", "/" + name);
    }

    static Database prepare(String stamp, Path runDir) throws SQLException {
        String adminUrl = env("BENCH_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = env("BENCH_JDBC_USER", "postgres");
        String password = env("BENCH_JDBC_PASSWORD", "");
        String name = "bench_" + stamp.replace("-", "_");
        try {
            return create(adminUrl, name, user, password);
        } catch (SQLException noServer) {
            Benchmark.say(
                    "no PostgreSQL server at %s (%s): the platform's embedded PostgreSQL is used",
                    adminUrl, noServer.getMessage());
            return new Database(null, null, runDir.resolve("postgres"), "postgres", "");
        }
    }

    private static Database create(String adminUrl, String name, String user, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password)) {
            connection.createStatement().execute("CREATE DATABASE " + name);
            return new Database(adminUrl, name, null, user, password);
        }
    }

    /** Another fresh database on the same server, named after this one; {@code null} without a server. */
    Database sibling(String suffix) throws SQLException {
        return name == null ? null : create(adminUrl, name + "_" + suffix, user, password);
    }

    /** How many event processor segments no node holds. */
    int unclaimedSegments() {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                ResultSet count = connection
                        .createStatement()
                        .executeQuery("SELECT count(*) FROM axon.token_entry WHERE owner IS NULL")) {
            count.next();
            return count.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the token store", e);
        }
    }

    Map<String, String> platformEnvironment(Map<String, String> base) {
        Map<String, String> environment = new LinkedHashMap<>(base);
        if (embeddedDir == null) {
            environment.put("SPRING_DATASOURCE_URL", url);
            environment.put("SPRING_DATASOURCE_USERNAME", user);
            environment.put("SPRING_DATASOURCE_PASSWORD", password);
        } else {
            environment.put("MAILING_EMBEDDEDPOSTGRES_DATADIR", embeddedDir.toString());
            environment.put("MAILING_EMBEDDEDPOSTGRES_PORT", Integer.toString(Processes.freePort()));
        }
        return environment;
    }

    /** The database's name on its server. */
    String name() {
        return name != null ? name : "mailing";
    }

    /** Another database of the same server, where readings of the bench database's counters count nothing. */
    String statsUrl() {
        return adminUrl != null ? adminUrl : url.replaceFirst("/[^/?]*(\\?.*)?$", "/postgres");
    }

    /** With the embedded PostgreSQL, its URL is known once the platform has started it. */
    void connectAfterStart(Path platformLog) throws IOException {
        if (embeddedDir != null) {
            String port = Files.readAllLines(platformLog).stream()
                    .filter(line -> line.contains("Embedded PostgreSQL on localhost:"))
                    .map(line -> line.replaceAll(".*Embedded PostgreSQL on localhost:(\\d+).*", "$1"))
                    .findFirst()
                    .orElseThrow();
            url = "jdbc:postgresql://localhost:" + port + "/mailing";
        }
    }

    void drop(boolean keep) {
        if (name == null || keep) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password)) {
            connection.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            Benchmark.say("could not drop database %s: %s", name, e.getMessage());
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

package io.mailing.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class EmbeddedPostgresIT {

    private static final Log LOG = LogFactory.getLog(EmbeddedPostgresIT.class);
    private static final String ANY_FREE_PORT = "0";

    @TempDir
    Path temp;

    @Test
    void keepsItsDataAcrossRestarts() throws Exception {
        Path data = temp.resolve("postgres");
        StandardEnvironment first = environment(data);
        EmbeddedPostgresServer server = EmbeddedPostgresEnvironment.start(first, LOG);
        try {
            assertThat(first.getProperty("spring.datasource.url")).endsWith("/" + EmbeddedPostgresServer.DATABASE);
            execute(url(first), "CREATE TABLE note (text varchar NOT NULL)", "INSERT INTO note VALUES ('kept')");
            assertThat(query(url(first), "SHOW fsync")).isEqualTo("on");
            assertThat(query(url(first), "SHOW synchronous_commit")).isEqualTo("on");
        } finally {
            server.destroy();
        }

        StandardEnvironment second = environment(data);
        EmbeddedPostgresServer again = EmbeddedPostgresEnvironment.start(second, LOG);
        try {
            assertThat(query(url(second), "SELECT text FROM note")).isEqualTo("kept");
        } finally {
            again.destroy();
        }
    }

    @Test
    void takesOverFromAServerWhoseJvmWasKilled() throws Exception {
        Path data = temp.resolve("postgres");
        Process jvm = startInAnotherJvm(data);
        Optional<ProcessHandle> orphan = Optional.empty();
        try {
            String url = awaitReady(jvm);
            execute(url, "CREATE TABLE note (text varchar NOT NULL)", "INSERT INTO note VALUES ('survived kill -9')");

            jvm.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            orphan = postmaster(data);
            assertThat(orphan)
                    .as("the server outlives its killed JVM")
                    .hasValueSatisfying(process -> assertThat(process.isAlive()).isTrue());

            StandardEnvironment environment = environment(data);
            EmbeddedPostgresServer server = EmbeddedPostgresEnvironment.start(environment, LOG);
            try {
                assertThat(orphan.get().isAlive()).isFalse();
                assertThat(query(url(environment), "SELECT text FROM note")).isEqualTo("survived kill -9");
            } finally {
                server.destroy();
            }
        } finally {
            jvm.destroyForcibly();
            orphan.ifPresent(ProcessHandle::destroy);
        }
    }

    @Test
    void removesAPidFileWhoseServerIsGone() throws Exception {
        Path data = temp.resolve("postgres");
        EmbeddedPostgresEnvironment.start(environment(data), LOG).destroy();
        Process gone = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .start();
        gone.waitFor(30, TimeUnit.SECONDS);
        Files.writeString(data.resolve("postmaster.pid"), gone.pid() + "\n" + data.toAbsolutePath() + "\n");

        StandardEnvironment environment = environment(data);
        EmbeddedPostgresServer server = EmbeddedPostgresEnvironment.start(environment, LOG);
        try {
            assertThat(query(url(environment), "SELECT 'up'")).isEqualTo("up");
        } finally {
            server.destroy();
        }
    }

    private static StandardEnvironment environment(Path data) {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "test",
                        Map.of(
                                EmbeddedPostgresEnvironment.DATA_DIR,
                                data.toString(),
                                EmbeddedPostgresEnvironment.PORT,
                                ANY_FREE_PORT)));
        return environment;
    }

    private static Process startInAnotherJvm(Path data) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        EmbeddedPostgresInAnotherJvm.class.getName(),
                        data.toString())
                .redirectErrorStream(true)
                .start();
    }

    private static String awaitReady(Process jvm) throws IOException {
        BufferedReader output = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            if (line.startsWith(EmbeddedPostgresInAnotherJvm.READY)) {
                return line.substring(EmbeddedPostgresInAnotherJvm.READY.length());
            }
        }
        throw new IllegalStateException("The other JVM ended before its server was ready");
    }

    private static Optional<ProcessHandle> postmaster(Path data) throws IOException {
        String pid = Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim();
        return ProcessHandle.of(Long.parseLong(pid));
    }

    private static String url(StandardEnvironment environment) {
        return environment.getRequiredProperty("spring.datasource.url");
    }

    private static void execute(String url, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, EmbeddedPostgresServer.USER, "");
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String query(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, EmbeddedPostgresServer.USER, "");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).isTrue();
            return result.getString(1);
        }
    }
}

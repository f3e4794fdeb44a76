package io.mailing.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.bench.Api;
import io.mailing.bench.SplitTopology;
import io.mailing.testsupport.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The split deployment as {@code scripts/split} starts it, on free loopback ports and the test's own database: the
 * provider simulator, a Kafka broker, the command and query services, two sending services, the report service and
 * the console (unless {@code CONSOLE=off}), each its own JVM, started through the bench's {@link SplitTopology} (which
 * the bench's scale-out stage starts too). It answers HTTP calls with an admin's token.
 */
final class SplitPlatform implements AutoCloseable {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern ATTEMPTS =
            Pattern.compile("(?m)^mailing_provider_requests_seconds_count\\{([^}]*)} (\\S+)$");

    final SplitTopology topology;
    final int commandPort;
    final int queryPort;
    final List<Integer> sendingPorts;
    final int consolePort;
    final int consoleManagementPort;
    final int reportPort;
    final int simulatorPort;
    final int kafkaPort;
    final Path dir;

    /** Every service's JVM options, unless the extra environment says otherwise. */
    static final String JAVA_OPTS = "-Xmx384m -XX:TieredStopAtLevel=1";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private String token;

    SplitPlatform(TestDatabase database, Path dir) {
        this(database, dir, Map.of());
    }

    /** With extra environment for every process, e.g. a sending setting such as {@code DELIVERY_RATE_LIMIT}. */
    SplitPlatform(TestDatabase database, Path dir, Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>(Map.of("JAVA_OPTS", JAVA_OPTS));
        environment.putAll(extra);
        this.topology = new SplitTopology(
                ROOT, dir, database.jdbcUrl(), database.username(), database.password(), 2, environment);
        this.commandPort = topology.commandPort;
        this.queryPort = topology.queryPort;
        this.sendingPorts = topology.sendingPorts;
        this.consolePort = topology.consolePort;
        this.consoleManagementPort = topology.consoleManagementPort;
        this.reportPort = topology.reportPort;
        this.simulatorPort = topology.simulatorPort;
        this.kafkaPort = topology.kafkaPort;
        this.dir = dir;
    }

    /** Runs {@code scripts/split up}, which returns once every service is ready, and logs in as the admin. */
    SplitPlatform start() {
        topology.up(START_TIMEOUT);
        JsonNode answer = post(
                commandPort,
                "/api/v1/auth/token",
                "{\"username\":\"admin\",\"password\":\"" + adminPassword() + "\"}",
                200);
        token = answer.path("accessToken").asText();
        return this;
    }

    @Override
    public void close() {
        topology.close();
    }

    /** {@code kill -9} of one process: command, query, sending-1, sending-2, console, simulator or kafka. */
    void kill(String name) {
        topology.run(Duration.ofSeconds(30), "kill", name);
    }

    /** Stops one process gently (SIGTERM). */
    void stop(String name) {
        topology.run(Duration.ofMinutes(1), "stop", name);
    }

    /** Starts a killed or stopped process again, as {@code up} started it; it may not be ready yet. */
    void restart(String name) {
        topology.run(Duration.ofSeconds(30), "start", name);
    }

    /** Whether a service answers that it is ready. */
    boolean ready(int port) {
        try {
            return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                                    .build())
                            .statusCode()
                    == 200;
        } catch (UncheckedIOException down) {
            return false;
        }
    }

    /** The admin's password, for signing in to the console. */
    String adminPassword() {
        return topology.adminPassword();
    }

    /** The command service's API, logged in as the admin, for load generation. */
    Api commandApi() {
        return topology.commandApi();
    }

    JsonNode get(int port, String path) {
        return exchange(port, HttpRequest.newBuilder().GET(), path, 200);
    }

    JsonNode put(int port, String path, String body) {
        return exchange(port, HttpRequest.newBuilder().PUT(HttpRequest.BodyPublishers.ofString(body)), path, 200);
    }

    JsonNode post(int port, String path, String body, int expected) {
        return exchange(port, HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofString(body)), path, expected);
    }

    /** A one-off message sent to a sending service with this {@code Idempotency-Key}, which must be accepted (202). */
    JsonNode sendOneOff(int sendingPort, String body, String idempotencyKey) {
        return exchange(
                sendingPort,
                HttpRequest.newBuilder()
                        .header("Idempotency-Key", idempotencyKey)
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                "/api/v1/messages",
                202);
    }

    /** How many provider calls a sending service has made that delivered (text messages), by its own metrics. */
    long deliveredBy(int sendingPort) {
        return delivered(sendingPort, "probe");
    }

    /** How many e-mails a sending service has handed to its SMTP server, by its own metrics. */
    long emailsDeliveredBy(int sendingPort) {
        return delivered(sendingPort, "smtp");
    }

    /**
     * The {@code DELIVERED} attempts of one provider ({@code probe} for SMS, {@code smtp} for e-mail): with a mail
     * server configured a sending service has a line of each, so the bench's count of the first line would not do.
     */
    private long delivered(int sendingPort, String provider) {
        Matcher line = ATTEMPTS.matcher(metrics(sendingPort));
        long delivered = 0;
        while (line.find()) {
            String labels = line.group(1);
            if (labels.contains("outcome=\"DELIVERED\"") && labels.contains("provider=\"" + provider + "\"")) {
                delivered += (long) Double.parseDouble(line.group(2));
            }
        }
        return delivered;
    }

    /** The Prometheus text of a service. */
    String metrics(int port) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                        .build())
                .body();
    }

    /** Every JSON log line of every process whose {@code key} is {@code value}. */
    List<JsonNode> logLines(String key, String value) throws IOException {
        try (Stream<Path> logs = Files.list(dir.resolve("logs"))) {
            return logs.flatMap(SplitPlatform::lines)
                    .filter(line -> line.startsWith("{") && line.contains(value))
                    .map(this::parse)
                    .filter(line -> value.equals(line.path(key).asText()))
                    .toList();
        }
    }

    private JsonNode exchange(int port, HttpRequest.Builder request, String path, int expected) {
        request.uri(URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = send(request.build());
        assertThat(response.statusCode())
                .as("%s %s: %s", request.build().method(), path, response.body())
                .isEqualTo(expected);
        return parse(response.body());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("Not JSON: " + text, e);
        }
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a directory and everything in it, if it exists. */
    static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        return SplitTopology.freePort();
    }
}

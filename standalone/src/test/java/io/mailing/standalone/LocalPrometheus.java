package io.mailing.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (the system's {@code prometheus} and {@code promtool}, Debian's {@code prometheus} package) on a
 * free loopback port, with its configuration and storage in a directory of the test's: it scrapes one target's
 * {@code /actuator/prometheus} every second and evaluates the given rule files every second. Closing it stops the
 * process. Without the binaries the calling test is skipped, and says why.
 */
final class LocalPrometheus implements AutoCloseable {

    private static final Path PROMETHEUS = Path.of(System.getProperty("prometheus.binary", "/usr/bin/prometheus"));
    private static final Path PROMTOOL = Path.of(System.getProperty("promtool.binary", "/usr/bin/promtool"));
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Process process;
    private final String base;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();

    private LocalPrometheus(Process process, String base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** Skips the calling test unless both binaries are installed. */
    static void assumeInstalled() {
        assumeTrue(
                Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL),
                "Prometheus tests skipped: no prometheus at " + PROMETHEUS + " or no promtool at " + PROMTOOL
                        + " (apt-get install prometheus; .ci/run installs it)");
    }

    /**
     * Starts Prometheus in {@code directory}, scraping {@code target} (host:port) and evaluating {@code rules}, and
     * waits until it is ready.
     */
    static LocalPrometheus start(Path directory, String target, List<Path> rules) throws IOException {
        assumeInstalled();
        StringBuilder config = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                """);
        rules.forEach(
                file -> config.append("  - \"").append(file.toAbsolutePath()).append("\"\n"));
        config.append("""
                scrape_configs:
                  - job_name: standalone
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ["%s"]
                """.formatted(target));
        Path file = Files.writeString(directory.resolve("prometheus.yml"), config);
        Path log = directory.resolve("prometheus.log");
        String listen = "127.0.0.1:" + freePort();
        Process process = new ProcessBuilder(
                        PROMETHEUS.toString(),
                        "--config.file=" + file,
                        "--storage.tsdb.path=" + directory.resolve("data"),
                        "--web.listen-address=" + listen)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        LocalPrometheus prometheus = new LocalPrometheus(process, "http://" + listen, log);
        try {
            await("Prometheus ready on " + listen + " (log: " + log + ")")
                    .atMost(STARTUP)
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .until(() -> process.isAlive() && prometheus.get("/-/ready").statusCode() == 200);
        } catch (RuntimeException e) {
            prometheus.close();
            throw e;
        }
        return prometheus;
    }

    /**
     * Evaluates a PromQL expression now; the {@code data.result} of the answer (instant vectors: one map per series
     * with its {@code metric} labels and {@code value}). Fails when Prometheus refuses the expression.
     */
    List<Map<String, Object>> query(String expression) {
        HttpResponse<String> response =
                get("/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
        assertThat(response.statusCode())
                .as("Prometheus evaluates %s: %s", expression, response.body())
                .isEqualTo(200);
        return JsonPath.read(response.body(), "$.data.result");
    }

    /** Every loaded rule ({@code /api/v1/rules}): its name, type, health and last error. */
    List<Map<String, Object>> rules() {
        return JsonPath.read(get("/api/v1/rules").body(), "$.data.groups[*].rules[*]");
    }

    /** What {@code promtool check metrics} says about a scrape in the Prometheus text format, one line a problem. */
    static List<String> checkMetrics(String scrape) throws IOException, InterruptedException {
        Process promtool = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics")
                .redirectErrorStream(true)
                .start();
        try (var in = promtool.getOutputStream()) {
            in.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS))
                .as("promtool check metrics ends")
                .isTrue();
        return output.lines().filter(line -> !line.isBlank()).toList();
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(base + path))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Prometheus at " + base + " (log: " + log + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package io.mailing.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The runnable jar the build leaves in {@code target/}, started as an operator would: {@code java -jar}. */
class StandaloneJarIT {

    private static final Path JAR = Path.of("target", "provider-simulator.jar");
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void runsFromItsJarConfiguredByEnvironment() throws Exception {
        Process process = start(Map.of(
                "SIMULATOR_HOST", "127.0.0.1",
                "SIMULATOR_PORT", "0",
                "SIMULATOR_TOKEN", "jar-token"));
        try {
            BlockingQueue<String> lines = linesOf(process);
            int port = awaitPort(lines);
            SimulatorClient client = new SimulatorClient(URI.create("http://127.0.0.1:" + port));

            assertThat(client.send("5", SimulatorClient.body(5, 79_161_234_567L, "Hi"), "jar-token")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(SimulatorClient.json(client.get("/simulator/stats"))
                            .get("delivered")
                            .asInt())
                    .isEqualTo(1);
        } finally {
            process.destroy();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void refusesAnInvalidSettingWithStatus2() throws Exception {
        Process process = start(Map.of("SIMULATOR_FAILURE_RATE", "lots"));

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("SIMULATOR_FAILURE_RATE must be a number from 0 to 1, was 'lots'");
    }

    private static Process start(Map<String, String> env) throws IOException {
        assertThat(JAR).as("built by the package phase").exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-jar", JAR.toString())).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("SIMULATOR_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static BlockingQueue<String> linesOf(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("cannot read the output: " + e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static int awaitPort(BlockingQueue<String> lines) throws InterruptedException {
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            seen.append(line).append('\n');
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new AssertionError("the simulator did not say where it listens; it said:\n" + seen);
    }
}

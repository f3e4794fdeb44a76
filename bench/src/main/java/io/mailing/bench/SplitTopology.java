package io.mailing.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The split deployment as {@code scripts/split} starts it (the provider simulator, the command and query services,
 * one or more sending services, the report service, and unless switched off a Kafka broker and the console, each its
 * own JVM), on free loopback ports and a given database, its pids, logs and generated files in a folder of its own.
 * The bench's scale-out stage and the deploy module's tests ({@code SplitPlatform}) start it through this class, so
 * both run what an operator runs.
 */
public final class SplitTopology implements AutoCloseable {

    private static final Pattern DELIVERED =
            Pattern.compile("(?m)^mailing_provider_requests_seconds_count\\{[^}]*outcome=\"DELIVERED\"[^}]*} (\\d+)");
    private static final String ADMIN_PASSWORD = "split-admin-password";

    public final int commandPort = freePort();
    public final int queryPort = freePort();
    public final List<Integer> sendingPorts;
    public final int consolePort = freePort();
    public final int consoleManagementPort = freePort();
    public final int reportPort = freePort();
    public final int simulatorPort = freePort();
    public final int kafkaPort = freeKafkaPorts();
    public final Path dir;

    private final Path root;
    private final Map<String, String> environment = new HashMap<>();

    /**
     * @param root the repository, whose {@code scripts/split} runs and whose jars it starts
     * @param sendingNodes how many sending services (their names: sending-1, sending-2, …)
     * @param extra more environment for every process, e.g. {@code CONSOLE=off} or a sending setting such as
     *     {@code DELIVERY_MAX_IN_FLIGHT}
     */
    public SplitTopology(
            Path root,
            Path dir,
            String jdbcUrl,
            String user,
            String password,
            int sendingNodes,
            Map<String, String> extra) {
        this.root = root;
        this.dir = dir;
        List<Integer> sending = new ArrayList<>();
        for (int i = 0; i < sendingNodes; i++) {
            sending.add(freePort());
        }
        this.sendingPorts = List.copyOf(sending);
        environment.put("SPLIT_DIR", dir.toString());
        environment.put("DATABASE_URL", jdbcUrl);
        environment.put("DATABASE_USER", user);
        environment.put("DATABASE_PASSWORD", password);
        environment.put("ADMIN_PASSWORD", ADMIN_PASSWORD);
        environment.put("COMMAND_PORT", Integer.toString(commandPort));
        environment.put("QUERY_PORT", Integer.toString(queryPort));
        environment.put(
                "SENDING_PORTS", sendingPorts.stream().map(String::valueOf).collect(Collectors.joining(" ")));
        environment.put("CONSOLE_PORT", Integer.toString(consolePort));
        environment.put("CONSOLE_MANAGEMENT_PORT", Integer.toString(consoleManagementPort));
        environment.put("REPORT_PORT", Integer.toString(reportPort));
        environment.put("SIMULATOR_PORT", Integer.toString(simulatorPort));
        environment.put("KAFKA_PORT", Integer.toString(kafkaPort));
        environment.putAll(extra);
    }

    /**
     * Runs {@code scripts/split up}, which returns once every service is ready. If it fails (a service that does not
     * start), what it started is stopped before the failure is thrown, so that no caller leaves JVMs behind.
     */
    public SplitTopology up(Duration timeout) {
        try {
            run(timeout, "up");
        } catch (RuntimeException failed) {
            try {
                close();
            } catch (RuntimeException alsoFailed) {
                failed.addSuppressed(alsoFailed);
            }
            throw failed;
        }
        return this;
    }

    /** The command service's API, signed in as the admin. */
    public Api commandApi() {
        return new Api(url(commandPort)).login("admin", adminPassword());
    }

    /** The admin's password (the admin user is {@code admin}). */
    public String adminPassword() {
        return environment.get("ADMIN_PASSWORD");
    }

    /** The base URL of a service on loopback. */
    public static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    /** How many provider calls a sending service has made that delivered, by its own metrics. */
    public long deliveredBy(int sendingPort) {
        Matcher matcher = DELIVERED.matcher(new Api(url(sendingPort)).text("/actuator/prometheus"));
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    /**
     * Runs {@code scripts/split <arguments>} (e.g. {@code stop sending-2}) with this topology's environment; its
     * output goes to {@code split-<arguments>.out} in the folder. Fails when it fails or outlasts the timeout.
     */
    public void run(Duration timeout, String... arguments) {
        String command = String.join(" ", arguments);
        try {
            Files.createDirectories(dir);
            Path output = dir.resolve("split-" + String.join("-", arguments) + ".out");
            List<String> line =
                    new ArrayList<>(List.of(root.resolve("scripts/split").toString()));
            line.addAll(List.of(arguments));
            ProcessBuilder builder = new ProcessBuilder(line)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "scripts/split " + command + " took longer than " + timeout + ":\n" + Files.readString(output));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("scripts/split " + command + " failed with status "
                        + process.exitValue() + ":\n" + Files.readString(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code scripts/split down}: stops every process it started. */
    @Override
    public void close() {
        run(Duration.ofMinutes(2), "down");
    }

    public static int freePort() {
        return Processes.freePort();
    }

    /** A free port whose next port is free too: the broker's controller listens there. */
    private static int freeKafkaPorts() {
        for (int tries = 0; tries < 50; tries++) {
            int port = freePort();
            try (ServerSocket next = new ServerSocket(port + 1)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("No two consecutive free ports for Kafka");
    }
}

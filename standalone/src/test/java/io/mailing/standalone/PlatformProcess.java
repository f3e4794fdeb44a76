package io.mailing.standalone;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The standalone platform in a JVM of its own, started from the test's class path, so a test can kill it as an
 * operator's {@code kill -9} would ({@link Process#destroyForcibly()} sends SIGKILL) and start it again.
 */
final class PlatformProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private PlatformProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the platform with these {@code --key=value} arguments and waits until it reports healthy. */
    static PlatformProcess start(int port, Path log, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Daxoniq.update-checker.disabled=true",
                "-cp",
                System.getProperty("java.class.path"),
                StandaloneApplication.class.getName(),
                "--server.port=" + port,
                "--" + EmbeddedPostgresEnvironment.ENABLED + "=false",
                "--" + MailSinkEnvironment.SMTP_PORT + "=0",
                "--" + MailSinkEnvironment.HTTP_PORT + "=0",
                "--" + DemoCredentials.SECRET_FILE + "=target/platform-process/jwt-secret"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        PlatformProcess platform = new PlatformProcess(process, port);
        await().atMost(Duration.ofMinutes(2)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("The platform exited with " + process.exitValue() + "; see " + log);
            }
            return platform.healthy();
        });
        return platform;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Kills the JVM without letting it shut anything down. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    private boolean healthy() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(uri("/actuator/health")).build(),
                            HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("UP");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

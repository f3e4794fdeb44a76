package io.mailing.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The standalone run, in this JVM as {@code java -jar} would start it (embedded PostgreSQL, simulator), failing to
 * start: it names the setting at fault and leaves no PostgreSQL server behind.
 */
class StartupFailureIT {

    @TempDir
    Path data;

    @Test
    void aSimulatorPortInUseFailsTheStartNamingItsSettingAndStopsTheEmbeddedPostgres() throws Exception {
        Path postgresData = data.resolve("postgres");
        int postgresPort = PlatformProcess.freePort();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

            assertThatThrownBy(() -> new SpringApplicationBuilder(StandaloneApplication.class)
                            .run(
                                    "--server.port=0",
                                    "--" + EmbeddedPostgresEnvironment.DATA_DIR + "=" + postgresData,
                                    "--" + EmbeddedPostgresEnvironment.PORT + "=" + postgresPort,
                                    "--" + DemoCredentials.SECRET_FILE + "=" + data.resolve("jwt-secret"),
                                    "--" + MailSinkEnvironment.ENABLED + "=false",
                                    "--" + SimulatorEnvironment.PORT + "=" + taken.getLocalPort()))
                    .hasMessageContaining("SIMULATOR_PORT")
                    .hasMessageContaining(SimulatorEnvironment.PORT)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));
        }

        assertThat(postgresData.resolve("PG_VERSION"))
                .as("the embedded PostgreSQL had started")
                .exists();
        assertThat(postgresData.resolve("postmaster.pid"))
                .as("and was shut down")
                .doesNotExist();
        assertThat(listening(postgresPort)).isFalse();
        assertThat(postgresProcessesOn(postgresData)).isEmpty();
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<ProcessHandle> postgresProcessesOn(Path directory) {
        String path = directory.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info()
                        .commandLine()
                        .filter(line -> line.contains("postgres") && line.contains(path))
                        .isPresent())
                .toList();
    }
}

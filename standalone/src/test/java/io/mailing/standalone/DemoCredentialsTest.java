package io.mailing.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class DemoCredentialsTest {

    private static final String SECRET = "mailing.security.jwt-secret";

    @TempDir
    Path data;

    @Test
    void generatesASecretOwnerOnlyOnTheFirstStartAndKeepsItForTheNext() throws Exception {
        Path file = data.resolve("data/jwt-secret");

        String first = credentials(Map.of(DemoCredentials.SECRET_FILE, file.toString()))
                .getProperty(SECRET);
        String second = credentials(Map.of(DemoCredentials.SECRET_FILE, file.toString()))
                .getProperty(SECRET);

        assertThat(first).hasSizeGreaterThanOrEqualTo(32).isEqualTo(second);
        assertThat(Files.readString(file).trim()).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(credentials(Map.of(
                                DemoCredentials.SECRET_FILE,
                                data.resolve("other").toString()))
                        .getProperty(SECRET))
                .as("another data directory, another secret")
                .isNotEqualTo(first);
    }

    @Test
    void aConfiguredSecretOrATokenEndpointThatIsOffNeedsNoFile() {
        Path file = data.resolve("jwt-secret");

        assertThat(credentials(Map.of(DemoCredentials.SECRET_FILE, file.toString(), SECRET, "configured"))
                        .getProperty(SECRET))
                .isEqualTo("configured");
        assertThat(credentials(Map.of(
                                DemoCredentials.SECRET_FILE,
                                file.toString(),
                                "mailing.security.token-endpoint.enabled",
                                "false"))
                        .getProperty(SECRET))
                .isNull();
        assertThat(file).doesNotExist();
    }

    @Test
    void theDemoUsersComeUnlessTurnedOff() {
        Path file = data.resolve("jwt-secret");

        assertThat(credentials(Map.of(DemoCredentials.SECRET_FILE, file.toString()))
                        .getProperty("mailing.security.users[0].username"))
                .isEqualTo("admin");
        assertThat(credentials(Map.of(
                                DemoCredentials.SECRET_FILE, file.toString(), DemoCredentials.DEMO_USERS, "false"))
                        .getProperty("mailing.security.users[0].username"))
                .isNull();
    }

    private static StandardEnvironment credentials(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        new DemoCredentials(new DeferredLogs()).postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}

package io.mailing.standalone;

import io.mailing.platform.PlatformDefaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.StringUtils;

/**
 * The standalone run's credentials for local use, none of them in the source: unless {@code JWT_SECRET} is set, the
 * built-in tokens are signed with a random secret generated on the first start into {@value #SECRET_FILE} (default
 * {@code ./data/jwt-secret}, beside the embedded PostgreSQL's data, readable by its owner only) and read from there
 * on every later start, so tokens outlive a restart; and unless {@value #DEMO_USERS} is false, the demo users of
 * {@code demo-users.yml} (admin/admin, viewer/viewer, sender/sender) are the users, as the lowest-priority property source, so
 * configured {@code mailing.security.users} replace them. With the token endpoint off no secret is made.
 */
class DemoCredentials implements EnvironmentPostProcessor, Ordered {

    static final String SECRET_FILE = "mailing.security.jwt-secret-file";
    static final String DEMO_USERS = "mailing.security.demo-users.enabled";

    private static final String SECRET = "mailing.security.jwt-secret";
    private static final String TOKEN_ENDPOINT = "mailing.security.token-endpoint.enabled";
    private static final int SECRET_BYTES = 48;
    private static final int MIN_SECRET_LENGTH = 32;

    private final Log log;

    DemoCredentials(DeferredLogFactory logs) {
        this.log = logs.getLog(DemoCredentials.class);
    }

    /** After the platform's defaults, where {@code JWT_SECRET} becomes the secret. */
    @Override
    public int getOrder() {
        return PlatformDefaults.ORDER + 1;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getProperty(DEMO_USERS, Boolean.class, true)) {
            try {
                new YamlPropertySourceLoader()
                        .load("demoUsers", new ClassPathResource("demo-users.yml"))
                        .forEach(environment.getPropertySources()::addLast);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (StringUtils.hasText(environment.getProperty(SECRET))
                || !environment.getProperty(TOKEN_ENDPOINT, Boolean.class, true)) {
            return;
        }
        Path file = Path.of(environment.getProperty(SECRET_FILE, "./data/jwt-secret"))
                .toAbsolutePath()
                .normalize();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("generatedJwtSecret", Map.of(SECRET, secretIn(file))));
    }

    private String secretIn(Path file) {
        try {
            if (Files.exists(file)) {
                String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (secret.length() < MIN_SECRET_LENGTH) {
                    throw new IllegalStateException(file + " (" + SECRET_FILE + ") holds fewer than "
                            + MIN_SECRET_LENGTH + " characters; delete it to have a new secret generated, or set"
                            + " JWT_SECRET");
                }
                log.info("Signing built-in tokens with the secret in " + file + "; set JWT_SECRET to choose one");
                return secret;
            }
            byte[] random = new byte[SECRET_BYTES];
            new SecureRandom().nextBytes(random);
            String secret = Base64.getEncoder().encodeToString(random);
            Files.createDirectories(file.getParent());
            Path temporary = ownerOnly(file.resolveSibling(file.getFileName() + ".new"));
            Files.writeString(temporary, secret + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            log.info("Generated a secret for the built-in tokens into " + file + " (kept across restarts); set"
                    + " JWT_SECRET to choose one");
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file + " (" + SECRET_FILE + ")", e);
        }
    }

    /** Creates the file empty, readable and writable by its owner only (where the file system knows owners). */
    private static Path ownerOnly(Path file) throws IOException {
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createFile(
                    file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.createFile(file);
    }
}

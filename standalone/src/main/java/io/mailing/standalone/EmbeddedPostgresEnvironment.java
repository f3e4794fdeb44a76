package io.mailing.standalone;

import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes the standalone run work with nothing but a JDK: unless a {@code spring.datasource.url} is configured
 * (property, {@code SPRING_DATASOURCE_URL}, …) or {@value #ENABLED} is false, starts an {@link
 * EmbeddedPostgresServer} on {@value #DATA_DIR} (default {@value #DEFAULT_DATA_DIR}, relative to the working
 * directory) and port {@value #PORT} (default {@value #DEFAULT_PORT}; 0 picks a free one) and points the datasource
 * at it with a property source that overrides every other.
 *
 * <p>It decides before the context exists and starts the server once the context is prepared ({@link StandIn}),
 * before any bean reads the datasource properties. The server becomes a singleton of that context, registered before
 * every other bean, so it is destroyed after them all: the connection pool, event processors and db-scheduler stop
 * while the database still answers. A start that fails stops the server.
 */
class EmbeddedPostgresEnvironment extends StandIn<EmbeddedPostgresServer> {

    static final String ENABLED = "mailing.embedded-postgres.enabled";
    static final String DATA_DIR = "mailing.embedded-postgres.data-dir";
    static final String PORT = "mailing.embedded-postgres.port";
    static final String DEFAULT_DATA_DIR = "./data/postgres";
    static final int DEFAULT_PORT = 54329;
    static final String PROPERTY_SOURCE = "embeddedPostgres";
    static final String BEAN = "embeddedPostgresServer";

    private static final String DATASOURCE_URL = "spring.datasource.url";

    EmbeddedPostgresEnvironment(DeferredLogFactory logs) {
        super(logs.getLog(EmbeddedPostgresEnvironment.class), ENABLED, BEAN);
    }

    @Override
    String configuredInstead(ConfigurableEnvironment environment) {
        return environment.containsProperty(DATASOURCE_URL)
                ? "Using the configured datasource "
                        + environment.getProperty(DATASOURCE_URL, "").replaceFirst("\\?.*", "")
                        + "; no embedded PostgreSQL"
                : null;
    }

    @Override
    EmbeddedPostgresServer start(ConfigurableEnvironment environment) {
        return start(environment, log);
    }

    @Override
    void stop(EmbeddedPostgresServer running) {
        running.destroy();
    }

    /** Starts the server the environment asks for and points the environment's datasource at it. */
    static EmbeddedPostgresServer start(ConfigurableEnvironment environment, Log log) {
        Path dataDirectory = Path.of(environment.getProperty(DATA_DIR, DEFAULT_DATA_DIR));
        int port = environment.getProperty(PORT, Integer.class, DEFAULT_PORT);
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory, port, log);
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        PROPERTY_SOURCE,
                        Map.of(
                                DATASOURCE_URL,
                                server.jdbcUrl(),
                                "spring.datasource.username",
                                EmbeddedPostgresServer.USER,
                                "spring.datasource.password",
                                "")));
        return server;
    }
}

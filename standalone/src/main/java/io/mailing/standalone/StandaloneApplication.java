package io.mailing.standalone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * Every service in one JVM and one Spring context, the default way to run the platform: the command, sending and
 * query services come in through their auto-configurations (each a library), both APIs share one port, and without
 * a configured datasource an embedded PostgreSQL keeps the data under {@code ./data/postgres} (see {@link
 * EmbeddedPostgresEnvironment}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class StandaloneApplication {

    public static void main(String[] args) {
        SpringApplication.run(StandaloneApplication.class, args);
    }
}

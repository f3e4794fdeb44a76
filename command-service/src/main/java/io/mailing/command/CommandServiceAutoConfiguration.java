package io.mailing.command;

import io.mailing.platform.schema.SchemaMigration;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;

/**
 * The command service as a library: the Customer and Mailout aggregates, their command API and the lookup tables
 * of the {@value #SCHEMA} schema. Its own {@link CommandServiceApplication} runs it alone; the standalone run hosts
 * it beside the other services.
 */
@AutoConfiguration
@ComponentScan(basePackageClasses = CommandServiceAutoConfiguration.class)
public class CommandServiceAutoConfiguration {

    /** The schema this service owns. */
    public static final String SCHEMA = "command";

    @Bean
    FlywayMigrationInitializer commandSchemaMigration(DataSource dataSource) {
        return SchemaMigration.of(dataSource, SCHEMA);
    }
}

package io.mailing.query;

import io.mailing.platform.schema.SchemaMigration;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;

/**
 * The query service as a library: projections that build the read models (customers, mailouts, messages and their
 * statistics, the audit index) from the event stream into the {@value #SCHEMA} schema, and the read API over them.
 * {@link QueryServiceApplication} runs it alone.
 */
@AutoConfiguration
@ComponentScan(basePackageClasses = QueryServiceAutoConfiguration.class)
public class QueryServiceAutoConfiguration {

    /** The schema this service owns. */
    public static final String SCHEMA = "query";

    @Bean
    FlywayMigrationInitializer querySchemaMigration(DataSource dataSource) {
        return SchemaMigration.of(dataSource, SCHEMA);
    }
}

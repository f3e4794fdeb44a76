package io.mailing.query;

import io.mailing.platform.schema.SchemaMigration;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;

/**
 * The query service as a library: it will hold the projections that build read models, statistics and the audit
 * trail from the event stream, and the read API over them, with its tables in the {@value #SCHEMA} schema. Until
 * then it only migrates that schema, so the standalone run and the split deployment already have the place its
 * tables will go. {@link QueryServiceApplication} runs it alone.
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

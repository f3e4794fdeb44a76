package io.mailing.sending;

import io.mailing.platform.schema.SchemaMigration;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;

/**
 * The sending service as a library: the audience projection and the mailout dispatch saga, the Message aggregate,
 * the delivery worker that calls the provider and the Kafka publisher, with its tables in the {@value #SCHEMA}
 * schema. {@link SendingServiceApplication} runs it alone.
 */
@AutoConfiguration
@ComponentScan(basePackageClasses = SendingServiceAutoConfiguration.class)
public class SendingServiceAutoConfiguration {

    /** The schema this service owns. */
    public static final String SCHEMA = "sending";

    @Bean
    FlywayMigrationInitializer sendingSchemaMigration(DataSource dataSource) {
        return SchemaMigration.of(dataSource, SCHEMA);
    }
}

package io.mailing.report;

import io.mailing.platform.schema.SchemaMigration;
import io.mailing.report.daily.DailyReportSettings;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;

/**
 * The report service as a library: the daily statistics e-mail, made from the public query API's figures, sent once
 * a day across replicas and put on record as an event, with its own table in the {@value #SCHEMA} schema, and the
 * report API. {@link ReportServiceApplication} runs it alone.
 */
@AutoConfiguration
@ComponentScan(basePackageClasses = ReportServiceAutoConfiguration.class)
@EnableConfigurationProperties(DailyReportSettings.class)
public class ReportServiceAutoConfiguration {

    /** The schema this service owns. */
    public static final String SCHEMA = "report";

    @Bean
    FlywayMigrationInitializer reportSchemaMigration(DataSource dataSource) {
        return SchemaMigration.of(dataSource, SCHEMA);
    }
}

package io.mailing.platform.schema;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;

/**
 * Flyway migrations for one schema: scripts under {@code classpath:db/migration/<schema>}, history in that schema.
 * Each service owns a schema and declares its migration as a bean, so one context (the standalone run) migrates
 * every schema it hosts and a split service only its own. Spring Boot makes every bean that uses the database
 * wait for {@link FlywayMigrationInitializer}s, so nothing touches a table before it exists.
 */
public final class SchemaMigration {

    private SchemaMigration() {}

    public static FlywayMigrationInitializer of(DataSource dataSource, String schema) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .createSchemas(true)
                .locations("classpath:db/migration/" + schema)
                .failOnMissingLocations(true)
                .load();
        return new FlywayMigrationInitializer(flyway);
    }
}

package io.mailing.testsupport;

import io.mailing.platform.schema.SchemaMigration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A database of a test class's own ({@link TestDatabases}) with one service's schema migrated by its Flyway scripts,
 * for tests that need a service's tables but not its Spring context; {@link #empty()} clears its tables between
 * tests.
 */
public final class MigratedDatabase {

    private final String schema;
    private final JdbcTemplate jdbc;

    private MigratedDatabase(String schema, JdbcTemplate jdbc) {
        this.schema = schema;
        this.jdbc = jdbc;
    }

    /** A fresh database with {@code schema} migrated, over one connection. */
    public static MigratedDatabase of(String schema) {
        TestDatabase database = TestDatabases.create(schema);
        SingleConnectionDataSource dataSource =
                new SingleConnectionDataSource(database.jdbcUrl(), database.username(), database.password(), true);
        try {
            SchemaMigration.of(dataSource, schema).afterPropertiesSet();
        } catch (Exception e) {
            throw new IllegalStateException("Could not migrate the schema " + schema, e);
        }
        return new MigratedDatabase(schema, new JdbcTemplate(dataSource));
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Empties every table of the schema but Flyway's history; identity columns start again at 1. */
    public void empty() {
        String tables = String.join(
                ", ",
                jdbc.queryForList(
                        "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables"
                                + " WHERE schemaname = ? AND tablename <> 'flyway_schema_history'",
                        String.class,
                        schema));
        if (!tables.isEmpty()) {
            jdbc.update("TRUNCATE " + tables + " RESTART IDENTITY");
        }
    }
}

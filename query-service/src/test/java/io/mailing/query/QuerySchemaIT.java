package io.mailing.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.testsupport.WithPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

@WithPostgres
@SpringBootTest(classes = QueryServiceApplication.class)
class QuerySchemaIT {

    private final JdbcTemplate jdbc;

    QuerySchemaIT(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Test
    void startsAloneAndOwnsTheQuerySchema() {
        assertThat(jdbc.queryForList(
                        "SELECT version FROM query.flyway_schema_history WHERE success AND version IS NOT NULL",
                        String.class))
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16");
    }
}

package io.mailing.sending;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.testsupport.WithPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

@WithPostgres
@SpringBootTest(classes = SendingServiceApplication.class, properties = "mailing.delivery.enabled=false")
class SendingSchemaIT {

    private final JdbcTemplate jdbc;

    SendingSchemaIT(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Test
    void startsAloneAndOwnsTheSendingSchema() {
        assertThat(jdbc.queryForList(
                        "SELECT version FROM sending.flyway_schema_history WHERE success AND version IS NOT NULL",
                        String.class))
                .containsExactly("1", "2");
    }
}

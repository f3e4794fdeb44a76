package io.mailing.sending;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.testsupport.WithPostgres;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/** The sending service alone, with delivery and Kafka switched off. */
@WithPostgres
@SpringBootTest(classes = SendingServiceApplication.class, properties = "mailing.delivery.enabled=false")
@ExtendWith(OutputCaptureExtension.class)
class SendingSchemaIT {

    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;

    SendingSchemaIT(JdbcTemplate jdbc, EventProcessingConfiguration processing) {
        this.jdbc = jdbc;
        this.processing = processing;
    }

    @Test
    void startsAloneAndOwnsTheSendingSchema() {
        assertThat(jdbc.queryForList(
                        "SELECT version FROM sending.flyway_schema_history WHERE success AND version IS NOT NULL",
                        String.class))
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13");
    }

    @Test
    void withoutKafkaBootstrapServersTheKafkaPublisherIsOffAndSaysSo(CapturedOutput output) {
        assertThat(processing.eventProcessor("kafka-publisher")).isEmpty();
        assertThat(output.getAll()).contains("Kafka publisher off: no spring.kafka.bootstrap-servers configured");
    }
}

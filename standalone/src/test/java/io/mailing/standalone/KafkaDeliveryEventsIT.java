package io.mailing.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.mailing.simulator.Behaviour;
import io.mailing.simulator.FailureKind;
import io.mailing.simulator.ProviderSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;

/**
 * A mailout run in the standalone platform with a Kafka broker configured: a consumer of
 * {@code mailing.delivery-events} receives every delivery event of the mailout, de-duplicable by {@code eventId}.
 */
@RunningPlatform
// The broker's address is a system property of the test JVM, which the next test classes in it keep: under a name of
// this test's own, not as spring.kafka.bootstrap-servers (the embedded KRaft broker's default, with which each later
// context started a Kafka publisher and waited ~40 s at start-up for this broker, stopped by then).
@EmbeddedKafka(kraft = true, partitions = 2, bootstrapServersProperty = KafkaDeliveryEventsIT.BROKERS)
@TestPropertySource(properties = "spring.kafka.bootstrap-servers=${" + KafkaDeliveryEventsIT.BROKERS + "}")
class KafkaDeliveryEventsIT {

    static final String BROKERS = "kafka-delivery-events-it.brokers";

    private final PlatformApi api;
    private final ProviderSimulator simulator;
    private final JdbcTemplate jdbc;
    private final EmbeddedKafkaBroker broker;

    KafkaDeliveryEventsIT(
            TestRestTemplate http, ProviderSimulator simulator, JdbcTemplate jdbc, EmbeddedKafkaBroker broker) {
        this.api = new PlatformApi(http);
        this.simulator = simulator;
        this.jdbc = jdbc;
        this.broker = broker;
    }

    @Test
    void aConsumerReceivesEveryDeliveryEventOfTheMailout() {
        simulator.behave(Behaviour.healthy().withFailureRate(0.3).withFailureKinds(FailureKind.SERVER_ERROR));
        api.importCustomers(100, "streamed", 921);
        UUID mailout = api.createMailoutStartingNow("streamed");
        api.await("/api/v1/stats/mailouts/" + mailout, stats -> "COMPLETED".equals(stats.read("$.status")));
        simulator.behave(Behaviour.healthy());
        Set<String> stored = Set.copyOf(jdbc.queryForList(
                "SELECT eventidentifier FROM axon.domain_event_entry"
                        + " WHERE payloadtype LIKE 'io.mailing.events.message.%' AND convert_from(payload, 'UTF8') LIKE ?",
                String.class, "%" + mailout + "%"));

        Map<String, ConsumerRecord<String, String>> received = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of("mailing.delivery-events"));
            await("every delivery event of the mailout")
                    .atMost(Duration.ofSeconds(60))
                    .until(
                            () -> {
                                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                                    if (record.value().contains(mailout.toString())) {
                                        received.merge(header(record, "eventId"), record, (first, again) -> {
                                            assertThat(again.value()).isEqualTo(first.value());
                                            return first;
                                        });
                                    }
                                });
                                return received.keySet();
                            },
                            ids -> ids.equals(stored));
        }
        assertThat(stored).as("queued, sent and the failed attempts").hasSizeGreaterThan(200);
        List<String> sent = received.values().stream()
                .filter(record -> header(record, "type").equals("MessageSent"))
                .map(ConsumerRecord::key)
                .toList();
        assertThat(sent).hasSize(100).doesNotHaveDuplicates();
        assertThat(received.values())
                .allSatisfy(record -> assertThat(record.key()).isEqualTo(JsonPath.read(record.value(), "$.messageId")));
    }

    private KafkaConsumer<String, String> consumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}

package io.mailing.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A reader of the delivery topic from its start that keeps the ids of one mailout's {@code MessageSent} events, as a
 * consumer of the published events would see them (a record that comes twice counts once). Read from one thread.
 */
final class DeliveryTopic implements AutoCloseable {

    private static final String TOPIC = "mailing.delivery-events";

    private final ObjectMapper json = new ObjectMapper();
    private final KafkaConsumer<String, String> consumer;
    private final String mailout;
    private final Set<String> sent = new HashSet<>();
    private long records;

    DeliveryTopic(int kafkaPort, String group, UUID mailout) {
        this.mailout = mailout.toString();
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                "localhost:" + kafkaPort,
                ConsumerConfig.GROUP_ID_CONFIG,
                group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class));
        consumer.subscribe(List.of(TOPIC));
    }

    /** Reads what has arrived since the last call (waiting up to half a second) and answers the sent ids so far. */
    Set<String> sent() {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
            records++;
            JsonNode event = parse(record.value());
            if ("MessageSent".equals(event.path("type").asText())
                    && mailout.equals(event.path("mailoutId").asText())) {
                sent.add(event.path("messageId").asText());
            }
        }
        return sent;
    }

    /** Every record read so far, of any mailout and type, repeats included. */
    long records() {
        return records;
    }

    @Override
    public void close() {
        consumer.close();
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

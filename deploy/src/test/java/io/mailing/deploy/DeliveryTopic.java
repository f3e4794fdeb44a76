package io.mailing.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
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
 * A reader of the delivery topic from its start that keeps the ids of some mailouts' {@code MessageSent} events, by
 * mailout, as a consumer of the published events would see them (a record that comes twice counts once). Read from
 * one thread.
 */
final class DeliveryTopic implements AutoCloseable {

    private static final String TOPIC = "mailing.delivery-events";

    private final ObjectMapper json = new ObjectMapper();
    private final KafkaConsumer<String, String> consumer;
    private final Map<String, Set<String>> sent = new HashMap<>();
    private long records;

    DeliveryTopic(int kafkaPort, String group, Collection<UUID> mailouts) {
        mailouts.forEach(mailout -> sent.put(mailout.toString(), new HashSet<>()));
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

    /**
     * Reads what has arrived since the last call (waiting up to half a second) and answers the ids of the mailout's
     * messages sent so far.
     */
    Set<String> sent(UUID mailout) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
            records++;
            JsonNode event = parse(record.value());
            Set<String> ofMailout = sent.get(event.path("mailoutId").asText());
            if ("MessageSent".equals(event.path("type").asText()) && ofMailout != null) {
                ofMailout.add(event.path("messageId").asText());
            }
        }
        return Set.copyOf(sent.get(mailout.toString()));
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

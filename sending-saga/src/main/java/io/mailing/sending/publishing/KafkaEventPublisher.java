package io.mailing.sending.publishing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.platform.axon.PerBatch;
import io.mailing.sending.dispatch.StartedMailouts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes delivery and mailout events to Kafka from the event store, which is the outbox: a streaming processor
 * reads the stream, and a batch's token moves on only once the broker has acknowledged every record of the batch.
 * Records of a batch are sent at once and their acknowledgements awaited together; a send that fails or is not
 * acknowledged within {@code ack-timeout} fails the batch, which the processor retries with its backoff, from where
 * it stopped. So delivery is at least once: a consumer de-duplicates by the {@code eventId} header.
 */
@ProcessingGroup(KafkaEventPublisher.PROCESSING_GROUP)
class KafkaEventPublisher {

    static final String PROCESSING_GROUP = "kafka-publisher";

    private final KafkaTemplate<String, String> kafka;
    private final ObjectMapper json;
    private final KafkaPublishingProperties properties;
    private final StartedMailouts mailouts;

    KafkaEventPublisher(
            KafkaTemplate<String, String> kafka,
            ObjectMapper json,
            KafkaPublishingProperties properties,
            StartedMailouts mailouts) {
        this.kafka = kafka;
        this.json = json;
        this.properties = properties;
        this.mailouts = mailouts;
    }

    @EventHandler
    void on(Object payload, EventMessage<?> event) throws JsonProcessingException {
        Object published = IntegrationEvents.of(mailouts::channel, event).orElse(null);
        if (published == null) {
            return;
        }
        ProducerRecord<String, String> record = published instanceof DeliveryEvent delivery
                ? new ProducerRecord<>(
                        properties.deliveryTopic(), delivery.messageId().toString(), json.writeValueAsString(delivery))
                : new ProducerRecord<>(
                        properties.mailoutTopic(),
                        ((MailoutEvent) published).mailoutId().toString(),
                        json.writeValueAsString(published));
        record.headers().add("eventId", event.getIdentifier().getBytes(StandardCharsets.UTF_8));
        record.headers().add("type", payload.getClass().getSimpleName().getBytes(StandardCharsets.UTF_8));
        PerBatch.get(KafkaEventPublisher.class.getName(), ArrayList<CompletableFuture<?>>::new, this::awaitAcks)
                .add(kafka.send(record));
    }

    private void awaitAcks(List<CompletableFuture<?>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(properties.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka to acknowledge a batch", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka did not acknowledge all " + sends.size() + " records of a batch; it will be published again",
                    e);
        }
    }
}

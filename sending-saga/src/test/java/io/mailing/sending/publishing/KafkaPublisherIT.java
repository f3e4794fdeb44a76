package io.mailing.sending.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.MailoutScheduled;
import io.mailing.events.mailout.MailoutStarted;
import io.mailing.events.message.ErrorKind;
import io.mailing.events.message.MessageAttemptFailed;
import io.mailing.events.message.MessageQueued;
import io.mailing.events.message.MessageSent;
import io.mailing.sending.SendingServiceApplication;
import io.mailing.testsupport.EventFeed;
import io.mailing.testsupport.EventFeed.Event;
import io.mailing.testsupport.WithPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.CompositeProducerListener;
import org.springframework.kafka.support.LoggingProducerListener;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Kafka publisher against a real KRaft broker in the test JVM, fed events through the event store: every
 * delivery and mailout event arrives, keyed and with its headers, and a broker that goes away and comes back on the
 * same address gets everything appended meanwhile.
 */
@WithPostgres
@SpringBootTest(
        classes = SendingServiceApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "mailing.delivery.enabled=false")
class KafkaPublisherIT {

    private static final String DELIVERY = "mailing.delivery-events";
    private static final String MAILOUTS = "mailing.mailout-events";
    private static final List<String> PUBLISHED =
            List.of("MailoutScheduled", "MailoutStarted", "MessageQueued", "MessageAttemptFailed", "MessageSent");
    private static final String ADDRESS = "localhost:" + freePort();
    private static EmbeddedKafkaKraftBroker broker = startBroker(DELIVERY, MAILOUTS);

    private final EventFeed feed;
    private final JdbcTemplate jdbc;
    private final KafkaTemplate<String, String> kafka;

    KafkaPublisherIT(
            EventStore eventStore,
            TransactionTemplate transactions,
            JdbcTemplate jdbc,
            KafkaTemplate<String, String> kafka) {
        this.feed = new EventFeed(eventStore, transactions);
        this.jdbc = jdbc;
        this.kafka = kafka;
    }

    /**
     * The broker; a send to a broker that is away failing in 4 s rather than the platform's 25, and the failed batch
     * tried again 500 ms after rather than Axon's 5 s (its token claim interval).
     */
    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> ADDRESS);
        registry.add("spring.kafka.producer.properties.request.timeout.ms", () -> "2000");
        registry.add("spring.kafka.producer.properties.delivery.timeout.ms", () -> "4000");
        registry.add("mailing.kafka.ack-timeout", () -> "5s");
        registry.add(
                "axon.eventhandling.processors." + KafkaEventPublisher.PROCESSING_GROUP + ".token-claim-interval",
                () -> "500");
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void publishesEveryDeliveryAndMailoutEventWithItsKeyAndHeaders() {
        UUID mailout = appendMailoutWithMessages(20);

        Map<String, ConsumerRecord<String, String>> received = consumeUntilAll(mailout, storedEventIds(mailout));

        received.values().forEach(record -> {
            DocumentContext value = JsonPath.parse(record.value());
            String type = header(record, "type");
            assertThat(value.read("$.eventId", String.class)).isEqualTo(header(record, "eventId"));
            assertThat(value.read("$.type", String.class)).isEqualTo(type);
            assertThat(value.read("$.occurredAt", String.class)).isNotNull();
            if (type.startsWith("Message")) {
                assertThat(record.topic()).isEqualTo(DELIVERY);
                assertThat(record.key()).isEqualTo(value.read("$.messageId", String.class));
                assertThat(value.read("$.customerId", String.class)).isNotNull();
                assertThat(value.read("$.channel", String.class))
                        .as("the mailout's channel")
                        .isEqualTo("SMS");
            } else {
                assertThat(record.topic()).isEqualTo(MAILOUTS);
                assertThat(record.key()).isEqualTo(mailout.toString());
            }
        });
        List<DocumentContext> sent = received.values().stream()
                .filter(r -> header(r, "type").equals("MessageSent"))
                .map(r -> JsonPath.parse(r.value()))
                .toList();
        assertThat(sent).hasSize(20).allSatisfy(value -> {
            assertThat(value.read("$.status", String.class)).isEqualTo("SENT");
            assertThat(value.read("$.attempt", Integer.class)).isEqualTo(2);
        });
        List<DocumentContext> failed = received.values().stream()
                .filter(r -> header(r, "type").equals("MessageAttemptFailed"))
                .map(r -> JsonPath.parse(r.value()))
                .toList();
        assertThat(failed).hasSize(20).allSatisfy(value -> {
            assertThat(value.read("$.status", String.class)).isEqualTo("RETRYING");
            assertThat(value.read("$.error.kind", String.class)).isEqualTo("SERVER_ERROR");
        });
    }

    @Test
    void eventsAppendedWhileTheBrokerIsAwayArePublishedWhenItIsBack() {
        AtomicInteger failedSends = new AtomicInteger();
        kafka.setProducerListener(new CompositeProducerListener<>(
                new LoggingProducerListener<>(), new ProducerListener<>() {
                    @Override
                    public void onError(
                            ProducerRecord<String, String> record, RecordMetadata metadata, Exception exception) {
                        failedSends.incrementAndGet();
                    }
                }));
        broker.destroy();
        UUID mailout = appendMailoutWithMessages(10);
        Set<String> expected = storedEventIds(mailout);
        await("the publisher tries and fails while the broker is away")
                .atMost(Duration.ofSeconds(60))
                .until(() -> failedSends.get() > 0);

        // No topics of its own this time: the retrying publisher may create them first, and the test kit's creation
        // would then fail on a topic that exists.
        broker = startBroker();

        assertThat(consumeUntilAll(mailout, expected)).containsKeys(expected.toArray(String[]::new));
    }

    private UUID appendMailoutWithMessages(int messages) {
        UUID mailout = UUID.randomUUID();
        Instant now = Instant.now();
        Instant end = now.plus(Duration.ofHours(1));
        AudienceFilter nobody = new AudienceFilter(List.of(), List.of("nobody-" + mailout));
        feed.append(
                "Mailout",
                mailout,
                new MailoutScheduled(mailout, "Hi", now, end, nobody, null, false, Channel.SMS, null));
        feed.append(
                "Mailout",
                mailout,
                new MailoutStarted(mailout, now, "Hi", nobody, null, end, false, Channel.SMS, null));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            UUID message = UUID.randomUUID();
            UUID customer = UUID.randomUUID();
            events.add(new Event(
                    message,
                    new MessageQueued(
                            message,
                            mailout,
                            customer,
                            i,
                            "7916000000" + i % 10,
                            "Hi",
                            "UTC",
                            null,
                            end,
                            now,
                            Channel.SMS,
                            null,
                            null,
                            null)));
            events.add(new Event(
                    message,
                    new MessageAttemptFailed(
                            message,
                            mailout,
                            customer,
                            1,
                            now,
                            now,
                            ErrorKind.SERVER_ERROR,
                            "500",
                            now.plusSeconds(1))));
            events.add(new Event(message, new MessageSent(message, mailout, customer, 2, now, now)));
        }
        feed.appendAll("Message", events);
        return mailout;
    }

    /** The ids of the stored events about the mailout that the publisher publishes. */
    private Set<String> storedEventIds(UUID mailout) {
        return Set.copyOf(jdbc.queryForList(
                "SELECT eventidentifier FROM axon.domain_event_entry WHERE convert_from(payload, 'UTF8') LIKE ?"
                        + " AND payloadtype = ANY (?)",
                String.class,
                "%" + mailout + "%",
                PUBLISHED.stream()
                        .map(type -> type.startsWith("Message")
                                ? "io.mailing.events.message." + type
                                : "io.mailing.events.mailout." + type)
                        .toArray(String[]::new)));
    }

    /** Reads both topics until every expected event arrived; answers the records by event id, duplicates dropped. */
    private Map<String, ConsumerRecord<String, String>> consumeUntilAll(UUID mailout, Set<String> expected) {
        Map<String, ConsumerRecord<String, String>> byEventId = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(DELIVERY, MAILOUTS));
            await("every event of the mailout on Kafka")
                    .atMost(Duration.ofSeconds(90))
                    .until(
                            () -> {
                                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                                    if (record.value().contains(mailout.toString())) {
                                        byEventId.putIfAbsent(header(record, "eventId"), record);
                                    }
                                });
                                return byEventId.keySet();
                            },
                            ids -> ids.containsAll(expected));
        }
        assertThat(expected).hasSizeGreaterThan(2);
        return byEventId;
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ADDRESS);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static EmbeddedKafkaKraftBroker startBroker(String... topics) {
        // The KRaft broker ignores kafkaPorts(); its test kit keeps listeners given as a broker property.
        EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, 2, topics);
        started.brokerProperty("listeners", "EXTERNAL://" + ADDRESS + ",CONTROLLER://localhost:0");
        started.afterPropertiesSet();
        assertThat(started.getBrokersAsString()).isEqualTo(ADDRESS);
        return started;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

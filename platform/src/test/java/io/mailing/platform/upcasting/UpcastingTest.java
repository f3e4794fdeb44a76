package io.mailing.platform.upcasting;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.events.customer.CustomerChanged;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.customer.CustomerRemoved;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.MailoutCompleted;
import io.mailing.events.message.MessageQueued;
import io.mailing.platform.axon.AxonPostgresConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.junit.jupiter.api.Test;

/** Events stored in an earlier revision are read, through the chain every service's event store uses, as the current. */
class UpcastingTest {

    private static final UUID CUSTOMER = UUID.fromString("6f0c1e2a-3b4c-4d5e-8f90-a1b2c3d4e5f6");

    private final Serializer serializer = JacksonSerializer.builder()
            .objectMapper(AxonPostgresConfiguration.axonObjectMapper())
            .build();

    private static GenericDomainEventEntry<byte[]> stored(Class<?> type, String revision, long sequence, String json) {
        return new GenericDomainEventEntry<>(
                "Customer",
                CUSTOMER.toString(),
                sequence,
                UUID.randomUUID().toString(),
                Instant.parse("2026-01-01T00:00:00Z"),
                type.getName(),
                revision,
                json.getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    /** What an event store reads: each entry upcast by the chain, then deserialized. */
    private List<Object> read(GenericDomainEventEntry<?>... entries) {
        return UpcastingConfiguration.chain()
                .upcast(Stream.of(entries).map(entry -> new InitialEventRepresentation(entry, serializer)))
                .map(event -> (Object) serializer.deserialize(event.getData()))
                .toList();
    }

    @Test
    void readsTheCustomerEventsOfRevisionOneAsRevisionTwoWithoutAnEmailAddress() {
        List<Object> events = read(
                stored(CustomerRegistered.class, "1", 0, """
                        {"customerId":"%s","phone":"79161234567","operatorCode":"916","tags":["vip"],"timeZone":"UTC"}""".formatted(CUSTOMER)),
                stored(CustomerChanged.class, "1", 1, """
                        {"customerId":"%s","phone":"79161234568","operatorCode":"916","tags":[],"timeZone":"UTC"}""".formatted(CUSTOMER)),
                stored(CustomerRemoved.class, "1", 2, """
                        {"customerId":"%s","phone":"79161234568"}""".formatted(CUSTOMER)));

        assertThat(events)
                .containsExactly(
                        new CustomerRegistered(CUSTOMER, "79161234567", "916", List.of("vip"), "UTC", null),
                        new CustomerChanged(CUSTOMER, "79161234568", "916", List.of(), "UTC", null),
                        new CustomerRemoved(CUSTOMER, "79161234568", null));
    }

    @Test
    void leavesTheEventsOfRevisionTwoAsTheyWereStored() {
        List<Object> events = read(stored(CustomerRegistered.class, "2", 0, """
                {"customerId":"%s","phone":null,"operatorCode":null,"tags":[],"timeZone":"UTC","email":"ann@example.com"}""".formatted(CUSTOMER)));

        assertThat(events)
                .containsExactly(new CustomerRegistered(CUSTOMER, null, null, List.of(), "UTC", "ann@example.com"));
    }

    @Test
    void namesTheUpcastEventsRevisionTwo() {
        GenericDomainEventEntry<byte[]> removed =
                stored(CustomerRemoved.class, "1", 0, "{\"customerId\":\"%s\",\"phone\":\"7\"}".formatted(CUSTOMER));

        Stream<String> revisions = UpcastingConfiguration.chain()
                .upcast(Stream.of(new InitialEventRepresentation(removed, serializer)))
                .map(event -> event.getType().getRevision());

        assertThat(revisions).containsExactly("2");
    }

    @Test
    void readsAQueuedMessageOfRevisionOneAsATextMessageWithoutSubjectAndACompletionAsHavingSuppressedNone() {
        UUID mailout = UUID.fromString("b8f66218-1e50-4911-abac-371399213b74");
        UUID message = UUID.fromString("aa0b3874-ee69-55af-84e6-3fc288dd5b9c");
        List<Object> events = read(
                stored(MessageQueued.class, "1", 0, """
                        {"messageId":"%s","mailoutId":"%s","customerId":"%s","providerMessageId":7,\
                        "phone":"79161234567","text":"Hi","timeZone":"UTC","deliveryWindow":null,\
                        "endAt":"2026-12-07T12:00:00Z","queuedAt":"2026-12-07T10:00:00Z"}""".formatted(message, mailout, CUSTOMER)),
                stored(MailoutCompleted.class, "1", 1, """
                        {"mailoutId":"%s","completedAt":"2026-12-07T12:00:00Z","queued":3,"sent":1,"failed":1,\
                        "expired":1,"cancelled":0}""".formatted(mailout)));

        assertThat(events)
                .containsExactly(
                        new MessageQueued(
                                message,
                                mailout,
                                CUSTOMER,
                                7,
                                "79161234567",
                                "Hi",
                                "UTC",
                                null,
                                Instant.parse("2026-12-07T12:00:00Z"),
                                Instant.parse("2026-12-07T10:00:00Z"),
                                Channel.SMS,
                                null,
                                null,
                                null),
                        new MailoutCompleted(mailout, Instant.parse("2026-12-07T12:00:00Z"), 3, 1, 1, 1, 0, 0));
    }
}

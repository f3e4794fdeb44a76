package io.mailing.platform.upcasting;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.events.customer.CustomerChanged;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.customer.CustomerRemoved;
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
}

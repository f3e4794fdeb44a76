package io.mailing.query.message;

import static io.mailing.query.jdbc.Sql.withIds;

import io.mailing.events.message.MessageQueued;
import io.mailing.platform.upcasting.UpcastingConfiguration;
import io.mailing.query.projection.EventPositions;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A message from its events in the event store, for a message {@code query.message} holds no row of yet: one waiting
 * for its first attempt ({@link MessageProjection} writes a message's row once it has been attempted, deferred or
 * ended).
 */
@Component
class MessageEvents {

    private static final EventUpcasterChain UPCASTERS = UpcastingConfiguration.chain();

    private final JdbcTemplate jdbc;
    private final EventStorageEngine eventStore;
    private final Serializer serializer;

    MessageEvents(
            JdbcTemplate jdbc, EventStorageEngine eventStore, @Qualifier("eventSerializer") Serializer serializer) {
        this.jdbc = jdbc;
        this.eventStore = eventStore;
        this.serializer = serializer;
    }

    /** The positions of these events (their identifiers) in the event store. */
    EventPositions positions(Collection<String> eventIds) {
        return EventPositions.of(jdbc, eventIds);
    }

    /**
     * These messages as they were queued, by id: each one's first event ({@link MessageQueued}) read in one statement
     * by the event table's unique (aggregate, sequence), upcast as the event store would, and folded at its global
     * position.
     */
    Map<UUID, MessageRow> queued(Collection<UUID> ids) {
        Map<UUID, MessageRow> rows = new HashMap<>();
        if (ids.isEmpty()) {
            return rows;
        }
        jdbc.query(withIds("""
                        SELECT globalindex, type, aggregateidentifier, sequencenumber, eventidentifier, timestamp,
                               payloadtype, payloadrevision, payload, metadata
                          FROM axon.domain_event_entry
                         WHERE aggregateidentifier = ANY (?::text[]) AND sequencenumber = 0""", ids), rs -> {
            GenericDomainEventEntry<byte[]> stored = new GenericDomainEventEntry<>(
                    rs.getString("type"),
                    rs.getString("aggregateidentifier"),
                    rs.getLong("sequencenumber"),
                    rs.getString("eventidentifier"),
                    rs.getString("timestamp"),
                    rs.getString("payloadtype"),
                    rs.getString("payloadrevision"),
                    rs.getBytes("payload"),
                    rs.getBytes("metadata"));
            Object event = UPCASTERS
                    .upcast(Stream.of(new InitialEventRepresentation(stored, serializer)))
                    .map(upcast -> (Object) serializer.deserialize(upcast.getData()))
                    .findFirst()
                    .orElse(null);
            if (event instanceof MessageQueued queued) {
                rows.put(queued.messageId(), MessageRow.queued(queued, rs.getLong("globalindex")));
            }
        });
        return rows;
    }

    /** The message with this id folded from all its events; empty when there is no such message. */
    Optional<MessageRow> fold(UUID id) {
        DomainEventStream events = eventStore.readEvents(id.toString());
        MessageRow row = null;
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            if (row != null) {
                row = row.apply(event.getPayload(), event.getSequenceNumber());
            } else if (event.getPayload() instanceof MessageQueued queued) {
                row = MessageRow.queued(queued, event.getSequenceNumber());
            } else {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(row);
    }
}

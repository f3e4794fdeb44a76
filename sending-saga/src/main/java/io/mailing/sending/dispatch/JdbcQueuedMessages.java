package io.mailing.sending.dispatch;

import io.mailing.platform.jdbc.AnyOf;
import io.mailing.sending.message.MessageId;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Looks a whole batch of message ids up in the event table in one query, inside the caller's transaction, where
 * creating each message through the repository would first read its (missing) events one message at a time.
 */
@Component
class JdbcQueuedMessages implements QueuedMessages {

    private final JdbcTemplate jdbc;
    private final String query;

    JdbcQueuedMessages(JdbcTemplate jdbc, EventSchema schema) {
        this.jdbc = jdbc;
        this.query = "SELECT " + schema.aggregateIdentifierColumn() + " FROM " + schema.domainEventTable() + " WHERE "
                + schema.aggregateIdentifierColumn() + " = ANY (?) AND " + schema.sequenceNumberColumn() + " = 0";
    }

    @Override
    public Set<MessageId> existing(Collection<MessageId> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        List<String> identifiers = ids.stream().map(MessageId::toString).toList();
        Set<MessageId> existing = new HashSet<>();
        jdbc.query(AnyOf.values(query, "varchar", identifiers), row -> {
            existing.add(new MessageId(UUID.fromString(row.getString(1))));
        });
        return existing;
    }
}

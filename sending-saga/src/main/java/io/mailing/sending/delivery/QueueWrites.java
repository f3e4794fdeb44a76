package io.mailing.sending.delivery;

import io.mailing.platform.ids.RandomIds;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The delivery queue's changes of one unit of work, written just before it commits. The messages it queued and that
 * nothing else happened to in it become rows of {@code sending.delivery_batch}, one a mailout, end and origin:
 * releasing 200 messages writes one row. A message queued alone (a late joiner, a one-off) gets its row of the queue
 * instead, which a claim takes with up to a hundred others, where a claim takes one batch row at a time. The other
 * changes are statements in the order the events came, each run of the same statement as one JDBC batch.
 */
final class QueueWrites {

    /** A message queued in this unit of work, as its batch row keeps it. */
    record Queued(
            UUID messageId,
            UUID mailoutId,
            UUID customerId,
            long providerMessageId,
            String phone,
            String email,
            String timeZone,
            OffsetDateTime endAt,
            OffsetDateTime queuedAt,
            String principal,
            String correlationId,
            String text,
            String subject,
            String html) {

        /** What one batch row holds in common. */
        private record Batch(UUID mailoutId, OffsetDateTime endAt, String principal, String correlationId) {}

        private Batch batch() {
            return new Batch(mailoutId, endAt, principal, correlationId);
        }

        /** Its queue row ({@link #INSERT_ROW}): {@code attempts} made, due at {@code dueAt}, at {@code version}. */
        Object[] row(int attempts, OffsetDateTime dueAt, Long version) {
            return new Object[] {
                messageId,
                mailoutId,
                customerId,
                providerMessageId,
                phone,
                email,
                timeZone,
                endAt,
                attempts,
                dueAt,
                principal,
                correlationId,
                version,
                text,
                subject,
                html
            };
        }
    }

    /** A message's row of the queue; its arguments are {@link Queued#row}'s. */
    static final String INSERT_ROW = """
            INSERT INTO sending.delivery_queue (message_id, mailout_id, customer_id, provider_message_id, phone, email,
                                                time_zone, end_at, attempts, due_at, principal, correlation_id,
                                                version, text, subject, html)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private record Write(String sql, Object[] arguments) {}

    private static final String INSERT_BATCH = """
            INSERT INTO sending.delivery_batch (batch_id, mailout_id, due_at, end_at, principal, correlation_id, size,
                                                message_ids, customer_ids, provider_message_ids, phones, emails,
                                                time_zones, texts, subjects, htmls)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private final Map<UUID, Queued> queued = new LinkedHashMap<>();
    private final List<Write> writes = new ArrayList<>();

    /** A message queued in this unit of work: it goes into a batch row unless it changes again before the commit. */
    void queued(Queued message) {
        queued.put(message.messageId(), message);
    }

    /**
     * Takes back the message this unit of work queued, if it did: something else happened to it since, so it is
     * not written to a batch row.
     */
    Queued takeQueued(UUID messageId) {
        return queued.remove(messageId);
    }

    void add(String sql, Object... arguments) {
        writes.add(new Write(sql, arguments));
    }

    void run(JdbcTemplate jdbc) {
        List<Object[]> batches = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        queued.values().stream()
                .collect(Collectors.groupingBy(Queued::batch, LinkedHashMap::new, Collectors.toList()))
                .values()
                .forEach(messages -> {
                    if (messages.size() == 1) {
                        rows.add(messages.get(0).row(0, messages.get(0).queuedAt(), 0L));
                    } else {
                        batches.add(batchRow(messages));
                    }
                });
        if (!batches.isEmpty()) {
            jdbc.batchUpdate(INSERT_BATCH, batches);
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(INSERT_ROW, rows);
        }
        int from = 0;
        while (from < writes.size()) {
            String sql = writes.get(from).sql();
            int to = from;
            List<Object[]> batch = new ArrayList<>();
            while (to < writes.size() && writes.get(to).sql().equals(sql)) {
                batch.add(writes.get(to++).arguments());
            }
            if (batch.size() == 1) {
                jdbc.update(sql, batch.get(0));
            } else {
                jdbc.batchUpdate(sql, batch);
            }
            from = to;
        }
    }

    /** One batch row's arguments: due when the last of its messages was queued. */
    private static Object[] batchRow(List<Queued> messages) {
        Queued first = messages.get(0);
        OffsetDateTime dueAt = messages.stream()
                .map(Queued::queuedAt)
                .max(OffsetDateTime::compareTo)
                .orElseThrow();
        return new Object[] {
            RandomIds.uuid(),
            first.mailoutId(),
            dueAt,
            first.endAt(),
            first.principal(),
            first.correlationId(),
            messages.size(),
            messages.stream().map(Queued::messageId).toArray(UUID[]::new),
            messages.stream().map(Queued::customerId).toArray(UUID[]::new),
            messages.stream().map(Queued::providerMessageId).toArray(Long[]::new),
            messages.stream().map(Queued::phone).toArray(String[]::new),
            messages.stream().map(Queued::email).toArray(String[]::new),
            messages.stream().map(Queued::timeZone).toArray(String[]::new),
            messages.stream().map(Queued::text).toArray(String[]::new),
            messages.stream().map(Queued::subject).toArray(String[]::new),
            messages.stream().map(Queued::html).toArray(String[]::new)
        };
    }
}

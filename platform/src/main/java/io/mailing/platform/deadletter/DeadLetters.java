package io.mailing.platform.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.events.deadletter.DeadLetterEvicted;
import io.mailing.platform.axon.AxonPostgresConfiguration;
import io.mailing.platform.correlation.EventMetadata;
import io.mailing.platform.problem.ConflictException;
import io.mailing.platform.problem.NotFoundException;
import io.mailing.platform.subjects.Subjects;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The parked events of every processor ({@code axon.dead_letter_entry}, one table for all services): how many wait
 * per processor, the letters themselves, and an operator's two ways out: retry a letter's sequence (after a fix or a
 * change of data), or evict a letter, which is recorded as a {@link DeadLetterEvicted} event with the operator as its
 * principal. Listing and evicting work from any service; retrying runs the processor's handlers, so only a service
 * that hosts the processor can do it.
 */
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final String TABLE = AxonPostgresConfiguration.SCHEMA + ".dead_letter_entry";
    private static final long COUNTS_TTL_NANOS = 2_000_000_000L;
    private static final int MAX_SEQUENCES_PER_RETRY = 1_000;

    private final JdbcTemplate jdbc;
    private final TransactionManager transactions;
    private final EventProcessingConfiguration processing;
    private final EventBus eventBus;
    private final ObjectMapper json = new ObjectMapper();
    private Map<String, Long> counts = Map.of();
    private long countedAt;
    private boolean counted;

    DeadLetters(
            JdbcTemplate jdbc,
            TransactionManager transactions,
            EventProcessingConfiguration processing,
            EventBus eventBus) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.processing = processing;
        this.eventBus = eventBus;
    }

    /** The number of parked events per processor, read at most every two seconds. */
    public synchronized Map<String, Long> counts() {
        long now = System.nanoTime();
        if (!counted || now - countedAt >= COUNTS_TTL_NANOS) {
            Map<String, Long> read = new TreeMap<>();
            jdbc.query("SELECT processinggroup, count(*) FROM " + TABLE + " GROUP BY processinggroup", row -> {
                read.put(row.getString(1), row.getLong(2));
            });
            counts = Map.copyOf(read);
            countedAt = now;
            counted = true;
        }
        return counts;
    }

    /** The number of events parked for {@code processor}. */
    public long count(String processor) {
        return counts().getOrDefault(processor, 0L);
    }

    private synchronized void recount() {
        counted = false;
    }

    /** A page of letters, oldest first, of one processor or of all. */
    DeadLetterPage list(String processor, int page, int size) {
        String where = processor == null ? "" : " WHERE processinggroup = ?";
        Object[] filter = processor == null ? new Object[0] : new Object[] {processor};
        Long total = jdbc.queryForObject("SELECT count(*) FROM " + TABLE + where, Long.class, filter);
        List<Object> args = new ArrayList<>(List.of(filter));
        args.add(size);
        args.add((long) page * size);
        List<DeadLetterView> items = jdbc.query(
                SELECT + where + " ORDER BY enqueuedat, processinggroup, sequenceidentifier, sequenceindex"
                        + " LIMIT ? OFFSET ?",
                (row, n) -> view(row),
                args.toArray());
        return new DeadLetterPage(items, page, size, total == null ? 0 : total);
    }

    /** One letter; a 404 for an unknown id. */
    DeadLetterView get(String id) {
        return jdbc.query(SELECT + " WHERE deadletteridentifier = ?", (row, n) -> view(row), id).stream()
                .findFirst()
                .orElseThrow(() -> new NotFoundException("dead letter", id));
    }

    /**
     * Hands the letters of {@code id}'s sequence to the processor's handlers again, oldest first, each in a
     * transaction of its own: a letter handled without error is evicted, the first that fails again stays parked with
     * the new error (and the rest of the sequence behind it).
     */
    RetryResult retry(String id) {
        DeadLetterView letter = get(id);
        return retrySequence(letter.processor(), letter.sequence());
    }

    /** Retries every parked sequence of {@code processor} (or of every processor this service hosts). */
    RetryResult retryAll(String processor) {
        if (processor != null && !hosts(processor)) {
            throw new ConflictException(
                    "Processor " + processor + " does not run in this service; retry its letters where it runs",
                    Map.of("processor", processor));
        }
        List<String[]> sequences = jdbc.query(
                "SELECT processinggroup, sequenceidentifier FROM " + TABLE
                        + (processor == null ? "" : " WHERE processinggroup = ?")
                        + " GROUP BY processinggroup, sequenceidentifier ORDER BY min(enqueuedat) LIMIT "
                        + MAX_SEQUENCES_PER_RETRY,
                (row, n) -> new String[] {row.getString(1), row.getString(2)},
                processor == null ? new Object[0] : new Object[] {processor});
        RetryResult total = new RetryResult(0, 0);
        for (String[] sequence : sequences) {
            if (processor == null && !hosts(sequence[0])) {
                continue;
            }
            total = total.plus(retrySequence(sequence[0], sequence[1]));
        }
        return total;
    }

    /** Removes a letter for good and records who did it; a 404 for an unknown id. */
    void evict(String id) {
        DeadLetterView letter = get(id);
        transactions.executeInTransaction(() -> {
            Subjects subjects = subjectsOf(id);
            if (jdbc.update("DELETE FROM " + TABLE + " WHERE deadletteridentifier = ?", id) == 0) {
                throw new NotFoundException("dead letter", id);
            }
            eventBus.publish(GenericEventMessage.asEventMessage(new DeadLetterEvicted(
                            letter.processor(),
                            letter.eventId(),
                            letter.eventType(),
                            letter.aggregateId(),
                            letter.error(),
                            subjects.mailoutId(),
                            subjects.messageId(),
                            subjects.customerId()))
                    .andMetaData(EventMetadata.ofCurrentRequest()));
        });
        recount();
        log.warn(
                "Evicted parked event {} ({}) of aggregate {} from processor {}",
                letter.eventId(),
                letter.eventType(),
                letter.aggregateId(),
                letter.processor());
    }

    /** The mailout, message and customer the parked event names: its payload is JSON (the serializer's). */
    private Subjects subjectsOf(String id) {
        byte[] payload = jdbc.queryForObject(
                "SELECT payload FROM " + TABLE + " WHERE deadletteridentifier = ?", byte[].class, id);
        try {
            JsonNode node = json.readTree(payload);
            return new Subjects(
                    uuid(node, "mailoutId"),
                    uuid(node, "messageId"),
                    uuid(node, "customerId"),
                    uuid(node, "reportId"),
                    uuid(node, "optOutId"));
        } catch (IOException | RuntimeException unreadable) {
            return new Subjects(null, null, null, null, null);
        }
    }

    private static UUID uuid(JsonNode payload, String field) {
        JsonNode value = payload.path(field);
        return value.isTextual() ? UUID.fromString(value.asText()) : null;
    }

    private RetryResult retrySequence(String processor, String sequence) {
        if (!hosts(processor)) {
            throw new ConflictException(
                    "Processor " + processor + " does not run in this service; retry its letters where it runs",
                    Map.of("processor", processor));
        }
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(processor);
        int processed = 0;
        for (DeadLetter<? extends EventMessage<?>> letter : queue.deadLetterSequence(sequence)) {
            if (!Isolation.retrying(() -> retryLetter(processor, sequence, queue, letter))) {
                break;
            }
            processed++;
        }
        recount();
        long left = queue.sequenceSize(sequence);
        log.info(
                "Retried {} parked events of processor {}; {} still parked in their sequence",
                processed,
                processor,
                left);
        return new RetryResult(processed, left);
    }

    private boolean retryLetter(
            String processor,
            String sequence,
            SequencedDeadLetterQueue<EventMessage<?>> queue,
            DeadLetter<? extends EventMessage<?>> letter) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(letter.message());
        unitOfWork.attachTransaction(transactions);
        Isolation.isolate(unitOfWork);
        var result = unitOfWork.executeWithResult(() -> {
            Boolean locked = jdbc.queryForObject(
                    "SELECT pg_try_advisory_xact_lock(hashtext(?))", Boolean.class, processor + "/" + sequence);
            if (!Boolean.TRUE.equals(locked)) {
                return false;
            }
            try {
                handle(processor, letter.message());
            } catch (Exception failure) {
                int tries = letter.diagnostics().containsKey(Parking.TRIES)
                        ? ((Number) letter.diagnostics().get(Parking.TRIES)).intValue()
                        : 0;
                queue.requeue(
                        letter,
                        l -> l.withCause(ThrowableCause.truncated(failure))
                                .withDiagnostics(d -> d.and(Parking.TRIES, tries + 1)));
                log.warn(
                        "Retried parked event {} of processor {}: it failed again",
                        letter.message().getIdentifier(),
                        processor,
                        failure);
                return false;
            }
            queue.evict(letter);
            return true;
        });
        if (result.isExceptional()) {
            log.warn(
                    "Retrying parked event {} of processor {} failed",
                    letter.message().getIdentifier(),
                    processor,
                    result.exceptionResult());
            return false;
        }
        return Boolean.TRUE.equals(result.getPayload());
    }

    private void handle(String processor, EventMessage<?> event) throws Exception {
        EventHandlerInvoker invoker =
                this.<AbstractEventProcessor>processor(processor).eventHandlerInvoker();
        List<EventHandlerInvoker> invokers =
                invoker instanceof MultiEventHandlerInvoker multi ? multi.delegates() : List.of(invoker);
        for (EventHandlerInvoker each : invokers) {
            if (each instanceof DeadLetteringEventHandlerInvoker deadLettering) {
                for (EventMessageHandler handler : deadLettering.eventHandlers()) {
                    handler.handle(event);
                }
            } else {
                each.handle(event, Segment.ROOT_SEGMENT);
            }
        }
    }

    private boolean hosts(String processor) {
        return processing.eventProcessor(processor).isPresent()
                && processing.deadLetterQueue(processor).isPresent();
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String processor) {
        return processing
                .deadLetterQueue(processor)
                .orElseThrow(() -> new ConflictException(
                        "Processor " + processor + " does not run in this service", Map.of("processor", processor)));
    }

    @SuppressWarnings("unchecked")
    private <T> T processor(String name) {
        return (T) processing.eventProcessor(name).orElseThrow(() -> new NotFoundException("processor", name));
    }

    private static final String SELECT = """
            SELECT deadletteridentifier, processinggroup, sequenceidentifier, eventidentifier, payloadtype,
                   aggregateidentifier, timestamp, enqueuedat, lasttouched, causetype, causemessage, diagnostics
            FROM """ + " " + TABLE;

    private DeadLetterView view(java.sql.ResultSet row) throws java.sql.SQLException {
        String type = row.getString("payloadtype");
        return new DeadLetterView(
                row.getString("deadletteridentifier"),
                row.getString("processinggroup"),
                row.getString("sequenceidentifier"),
                row.getString("eventidentifier"),
                type.substring(type.lastIndexOf('.') + 1),
                row.getString("aggregateidentifier"),
                instant(row.getString("timestamp")),
                instant(row.getString("enqueuedat")),
                instant(row.getString("lasttouched")),
                row.getString("causetype"),
                row.getString("causemessage"),
                tries(row.getBytes("diagnostics")));
    }

    private int tries(byte[] diagnostics) {
        if (diagnostics == null) {
            return 0;
        }
        try {
            JsonNode node = json.readTree(diagnostics);
            return node.path(Parking.TRIES).asInt(0);
        } catch (IOException unreadable) {
            return 0;
        }
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    /** A parked event. */
    record DeadLetterView(
            String id,
            String processor,
            String sequence,
            String eventId,
            String eventType,
            String aggregateId,
            Instant occurredAt,
            Instant firstFailure,
            Instant lastFailure,
            String errorType,
            String error,
            int tries) {}

    /** A page of parked events. */
    record DeadLetterPage(List<DeadLetterView> items, int page, int size, long total) {}

    /** What a retry did: letters handled and evicted, and letters still parked in the sequences it touched. */
    record RetryResult(int retried, long stillParked) {
        RetryResult plus(RetryResult other) {
            return new RetryResult(retried + other.retried, stillParked + other.stillParked);
        }
    }
}

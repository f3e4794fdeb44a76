package io.mailing.query.projection;

import io.mailing.platform.deadletter.DeadLetters;
import io.mailing.platform.problem.ConflictException;
import io.mailing.platform.problem.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Shows how far each projection has read and rebuilds one from scratch: its processor stops, its tokens go back to
 * the start of the event stream, its reset handler empties its tables, and it reads the whole stream again.
 */
@Component
class ProjectionAdmin {

    private static final Logger log = LoggerFactory.getLogger(ProjectionAdmin.class);
    private static final String PREFIX = "query-";

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final DeadLetters deadLetters;

    ProjectionAdmin(EventProcessingConfiguration processing, EventStore eventStore, DeadLetters deadLetters) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.deadLetters = deadLetters;
    }

    List<ProjectionStatus> all() {
        return QueryProjections.ALL.stream().map(this::status).toList();
    }

    /** The projection's status; a 404 for a name that is none of this service's projections. */
    ProjectionStatus status(String name) {
        String group = group(name);
        StreamingEventProcessor processor = processor(group);
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        OptionalLong position = segments.values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong)
                .min();
        TrackingToken head = eventStore.createHeadToken();
        long parked = deadLetters.count(group);
        return new ProjectionStatus(
                group.substring(PREFIX.length()),
                group,
                processor.isRunning(),
                processor.isReplaying(),
                parked == 0
                        && !segments.isEmpty()
                        && segments.values().stream().allMatch(EventTrackerStatus::isCaughtUp),
                position.isPresent() ? position.getAsLong() : null,
                head == null ? null : head.position().orElse(0),
                segments.size(),
                parked);
    }

    /**
     * Rebuilds the projection from the start of the stream; a 409 when another node holds part of it (stop the
     * projection there first).
     */
    ProjectionStatus replay(String name) {
        String group = group(name);
        StreamingEventProcessor processor = processor(group);
        log.info("Rebuilding projection {} from the start of the event stream", group);
        processor.shutDown();
        try {
            processor.resetTokens();
        } catch (UnableToClaimTokenException e) {
            throw new ConflictException(
                    "Projection " + group + " is running on another node; stop it there, then rebuild it",
                    Map.of("projection", group));
        } finally {
            processor.start();
        }
        return status(group);
    }

    private static String group(String name) {
        String group = name.startsWith(PREFIX) ? name : PREFIX + name;
        if (!QueryProjections.ALL.contains(group)) {
            throw new NotFoundException("projection", name);
        }
        return group;
    }

    private StreamingEventProcessor processor(String group) {
        return processing
                .eventProcessor(group, StreamingEventProcessor.class)
                .orElseThrow(() -> new NotFoundException("projection", group));
    }

    /**
     * A projection: whether its processor runs and replays, whether every segment has caught up with the stream (never
     * while events are parked for it), the lowest position its segments have read and the stream's head, so
     * {@code head - position} is its lag, and how many of its events are parked in its dead-letter queue.
     */
    record ProjectionStatus(
            String name,
            String processingGroup,
            boolean running,
            boolean replaying,
            boolean caughtUp,
            Long position,
            Long head,
            int segments,
            long deadLetters) {}
}

package io.mailing.platform.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * How far each streaming event processor of this node trails the event stream, for Prometheus:
 * {@code mailing.processor.lag{processor}} is the number of events between the stream's head and the lowest position
 * the processor's segments on this node have reached ({@code NaN} while this node holds none of its segments),
 * {@code mailing.processor.position{processor}} is that lowest position itself, so that a processor that does not move
 * (stuck) can be told from one that moves slower than the stream (lagging), and
 * {@code mailing.processor.caught.up{processor}} is 1 when every segment it holds has caught up. The head is read at
 * most once a second, however many processors are scraped.
 */
public class ProcessorLag {

    private static final long HEAD_TTL_NANOS = 1_000_000_000L;

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final MeterRegistry meters;
    private long head;
    private long headReadAt;
    private boolean headRead;

    public ProcessorLag(EventProcessingConfiguration processing, EventStore eventStore, MeterRegistry meters) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.meters = meters;
    }

    /** Registers the gauges once every processor exists. */
    @EventListener(ApplicationReadyEvent.class)
    public void register() {
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                Gauge.builder("mailing.processor.lag", streaming, this::lag)
                        .description(
                                "Events between the stream's head and the processor's lowest position on this node")
                        .tag("processor", name)
                        .register(meters);
                Gauge.builder("mailing.processor.position", streaming, ProcessorLag::position)
                        .description(
                                "The lowest position in the event stream the processor's segments on this node have"
                                        + " reached")
                        .tag("processor", name)
                        .register(meters);
                Gauge.builder("mailing.processor.caught.up", streaming, ProcessorLag::caughtUp)
                        .description("1 when every segment this node holds has caught up with the stream")
                        .tag("processor", name)
                        .register(meters);
            }
        });
    }

    private double lag(StreamingEventProcessor processor) {
        OptionalLong lowest = lowest(processor);
        return lowest.isPresent() ? Math.max(0, head() - lowest.getAsLong()) : Double.NaN;
    }

    private static double position(StreamingEventProcessor processor) {
        OptionalLong lowest = lowest(processor);
        return lowest.isPresent() ? lowest.getAsLong() : Double.NaN;
    }

    private static OptionalLong lowest(StreamingEventProcessor processor) {
        return processor.processingStatus().values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong)
                .min();
    }

    private static double caughtUp(StreamingEventProcessor processor) {
        var segments = processor.processingStatus().values();
        return !segments.isEmpty() && segments.stream().allMatch(EventTrackerStatus::isCaughtUp) ? 1 : 0;
    }

    private synchronized long head() {
        long now = System.nanoTime();
        if (!headRead || now - headReadAt >= HEAD_TTL_NANOS) {
            TrackingToken token = eventStore.createHeadToken();
            head = token == null ? 0 : token.position().orElse(0);
            headReadAt = now;
            headRead = true;
        }
        return head;
    }
}

package io.mailing.sending.message;

import io.mailing.events.message.MessageCancelled;
import io.mailing.events.message.MessageExpired;
import io.mailing.events.message.MessageFailed;
import io.mailing.events.message.MessageQueued;
import io.mailing.events.message.MessageSent;
import io.mailing.events.message.MessageStatus;
import io.mailing.events.message.MessageSuppressed;
import io.mailing.platform.metrics.AfterCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Counts messages as this node's commands decide them: {@code mailing.messages.queued} and
 * {@code mailing.messages.final} by {@code status} (SENT, FAILED, EXPIRED, CANCELLED, SUPPRESSED). There is no mailout id tag:
 * mailouts accumulate without bound, and a label per mailout would grow the time-series database forever; the
 * counts per mailout are the query service's statistics.
 */
@Component
@ProcessingGroup(MessageMetrics.PROCESSING_GROUP)
class MessageMetrics {

    static final String PROCESSING_GROUP = "message-metrics";

    private final Counter queued;
    private final Map<MessageStatus, Counter> finals = new EnumMap<>(MessageStatus.class);

    MessageMetrics(MeterRegistry meters) {
        this.queued = Counter.builder("mailing.messages.queued")
                .description("Messages queued")
                .register(meters);
        for (MessageStatus status : MessageStatus.values()) {
            if (status.isTerminal()) {
                finals.put(
                        status,
                        Counter.builder("mailing.messages.final")
                                .description("Messages that reached a final status")
                                .tag("status", status.name())
                                .register(meters));
            }
        }
    }

    @EventHandler
    void on(MessageQueued event) {
        AfterCommit.run(queued::increment);
    }

    @EventHandler
    void on(MessageSent event) {
        count(MessageStatus.SENT);
    }

    @EventHandler
    void on(MessageFailed event) {
        count(MessageStatus.FAILED);
    }

    @EventHandler
    void on(MessageExpired event) {
        count(MessageStatus.EXPIRED);
    }

    @EventHandler
    void on(MessageCancelled event) {
        count(MessageStatus.CANCELLED);
    }

    @EventHandler
    void on(MessageSuppressed event) {
        count(MessageStatus.SUPPRESSED);
    }

    private void count(MessageStatus status) {
        AfterCommit.run(finals.get(status)::increment);
    }
}

package io.mailing.command;

import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.mailout.MailoutScheduled;
import io.mailing.platform.metrics.AfterCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Counts what this node's commands created: {@code mailing.customers.registered} and {@code mailing.mailouts.scheduled}.
 * Its processor is subscribing, so each node counts its own commands once they commit; Prometheus adds the nodes up.
 */
@Component
@ProcessingGroup(CommandMetrics.PROCESSING_GROUP)
class CommandMetrics {

    static final String PROCESSING_GROUP = "command-metrics";

    private final Counter customersRegistered;
    private final Counter mailoutsCreated;

    CommandMetrics(MeterRegistry meters) {
        this.customersRegistered = Counter.builder("mailing.customers.registered")
                .description("Customers registered")
                .register(meters);
        this.mailoutsCreated = Counter.builder("mailing.mailouts.scheduled")
                .description("Mailouts created")
                .register(meters);
    }

    @EventHandler
    void on(CustomerRegistered event) {
        AfterCommit.run(customersRegistered::increment);
    }

    @EventHandler
    void on(MailoutScheduled event) {
        AfterCommit.run(mailoutsCreated::increment);
    }
}

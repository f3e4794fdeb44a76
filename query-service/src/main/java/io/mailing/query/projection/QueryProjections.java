package io.mailing.query.projection;

import io.mailing.events.deadletter.DeadLetterEvicted;
import io.mailing.platform.subjects.Subjects;
import java.util.List;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The query service's projections, one pooled streaming processor each (configured under
 * {@code axon.eventhandling.processors}), with their tokens in the same database and transaction as their tables.
 * The mailout and audit projections read every event about a mailout, its messages' events included, in one
 * sequence ({@link #byMailout()}): a mailout's figures then live in one row that only one thread writes, and a
 * message's events never overtake the mailout's.
 */
@Configuration(proxyBeanMethods = false)
public class QueryProjections {

    public static final String CUSTOMERS = "query-customers";
    public static final String MAILOUTS = "query-mailouts";
    public static final String AUDIT = "query-audit";

    /** Every projection of this service, by the name the admin API knows it by. */
    static final List<String> ALL = List.of(CUSTOMERS, MAILOUTS, AUDIT);

    @Bean
    ConfigurerModule queryProjectionSequencing() {
        return configurer -> configurer
                .eventProcessing()
                .registerSequencingPolicy(MAILOUTS, c -> byMailout())
                .registerSequencingPolicy(AUDIT, c -> byMailout());
    }

    /**
     * The event's mailout when it concerns one, else its aggregate. An eviction of a parked event is a sequence of its
     * own: in its mailout's sequence it would wait behind the very letters it reports on.
     */
    static SequencingPolicy<EventMessage<?>> byMailout() {
        SequentialPerAggregatePolicy byAggregate = SequentialPerAggregatePolicy.instance();
        return event -> {
            if (event.getPayload() instanceof DeadLetterEvicted) {
                return event.getIdentifier();
            }
            Object mailout = Subjects.of(event.getPayload()).mailoutId();
            return mailout != null ? mailout : byAggregate.getSequenceIdentifierFor(event);
        };
    }
}

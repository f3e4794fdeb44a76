package io.mailing.platform.axon;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Builds an aggregate only from a stream that its own type began: a command addressed to the id of another kind of
 * aggregate (a customer's id on a mailout's path) finds no aggregate (404) instead of replaying a stranger's events
 * into it (a 500, or worse, an event appended to the stranger's stream). Register it as the bean
 * {@code <aggregate>AggregateFactory}, e.g. {@code customerAggregateFactory}, which Axon's Spring configuration then
 * uses for that aggregate ({@code @Aggregate(filterEventsByType = true)} is ignored by Axon 4.13's Spring lookup).
 */
public final class OwnEventsOnly<T> extends GenericAggregateFactory<T> {

    public OwnEventsOnly(Class<T> aggregateType) {
        super(aggregateType);
    }

    @Override
    protected T doCreateAggregate(String aggregateIdentifier, DomainEventMessage firstEvent) {
        if (!getAggregateType().getSimpleName().equals(firstEvent.getType())) {
            throw new AggregateNotFoundException(
                    aggregateIdentifier, "No " + getAggregateType().getSimpleName() + " " + aggregateIdentifier);
        }
        return super.doCreateAggregate(aggregateIdentifier, firstEvent);
    }
}

package io.mailing.platform.axon;

import java.util.function.Supplier;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;

/**
 * Builds an aggregate only from a stream that its own type began: a command addressed to the id of another kind of
 * aggregate (a customer's id on a mailout's path) finds no aggregate (404) instead of replaying a stranger's events
 * into it (a 500, or worse, an event appended to the stranger's stream). Register it as the bean
 * {@code <aggregate>AggregateFactory}, e.g. {@code customerAggregateFactory}, which Axon's Spring configuration then
 * uses for that aggregate ({@code @Aggregate(filterEventsByType = true)} is ignored by Axon 4.13's Spring lookup).
 * The aggregate's model is inspected at the first use, with the parameter resolvers and handler enhancers of Axon's
 * configuration (a Spring bean such as the deadline manager as a handler parameter included), which exists by then.
 */
public final class OwnEventsOnly<T> implements AggregateFactory<T> {

    private final Class<T> aggregateType;
    private final Supplier<Configuration> configuration;
    private volatile AggregateFactory<T> factory;

    public OwnEventsOnly(Class<T> aggregateType, Supplier<Configuration> configuration) {
        this.aggregateType = aggregateType;
        this.configuration = configuration;
    }

    @Override
    public T createAggregateRoot(String aggregateIdentifier, DomainEventMessage<?> firstEvent) {
        if (!aggregateType.getSimpleName().equals(firstEvent.getType())) {
            throw new AggregateNotFoundException(
                    aggregateIdentifier, "No " + aggregateType.getSimpleName() + " " + aggregateIdentifier);
        }
        return factory().createAggregateRoot(aggregateIdentifier, firstEvent);
    }

    @Override
    public Class<T> getAggregateType() {
        return aggregateType;
    }

    private AggregateFactory<T> factory() {
        AggregateFactory<T> created = factory;
        if (created == null) {
            Configuration axon = configuration.get();
            created = new GenericAggregateFactory<>(AnnotatedAggregateMetaModelFactory.inspectAggregate(
                    aggregateType, axon.parameterResolverFactory(), axon.handlerDefinition(aggregateType)));
            factory = created;
        }
        return created;
    }
}

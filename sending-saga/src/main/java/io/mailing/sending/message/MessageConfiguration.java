package io.mailing.sending.message;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The messages' repository and command target resolver, which {@link Message}'s {@code @Aggregate} names. */
@Configuration(proxyBeanMethods = false)
class MessageConfiguration {

    static final String REPOSITORY = "messageRepository";
    static final String TARGET_RESOLVER = "messageTargetResolver";

    @Bean(REPOSITORY)
    MessageRepository messageRepository(
            EventStore eventStore,
            ParameterResolverFactory parameterResolverFactory,
            HandlerDefinition handlerDefinition) {
        return MessageRepository.builder()
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .build();
    }

    /**
     * The message a command is for, read from the command itself: Axon's default resolver looks for the target's
     * annotations by reflection on every command (a seventh of the outcome recorder's time in a profile of
     * 2026-12-06). The {@code @TargetAggregateIdentifier} annotations stay for Axon's test fixtures.
     */
    @Bean(TARGET_RESOLVER)
    CommandTargetResolver messageTargetResolver() {
        return command -> {
            if (command.getPayload() instanceof MessageCommands.ToMessage toMessage) {
                return new VersionedAggregateIdentifier(toMessage.messageId().toString(), null);
            }
            throw new IllegalArgumentException(
                    "Not a command to a message: " + command.getPayloadType().getName());
        };
    }
}

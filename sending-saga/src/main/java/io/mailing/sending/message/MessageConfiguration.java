package io.mailing.sending.message;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The messages' repository, which {@link Message}'s {@code @Aggregate} names. */
@Configuration(proxyBeanMethods = false)
class MessageConfiguration {

    static final String REPOSITORY = "messageRepository";

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
}

package io.mailing.platform.correlation;

import java.util.List;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Records who caused each event and which request it belongs to ({@link EventMetadata}). Axon hands every
 * {@link CorrelationDataProvider} bean to its components; its own default, a {@code MessageOriginProvider} that would
 * write the parent message's id as {@code correlationId}, is defined only when there is no such bean. Hence this
 * configuration runs before Axon's: the default steps aside for the providers defined here, which keep its
 * {@code traceId} and call its parent id {@code causationId}, so {@code correlationId} is ours alone.
 */
@AutoConfiguration(before = AxonAutoConfiguration.class)
public class EventMetadataConfiguration {

    @Bean
    CorrelationDataProvider principalAndCorrelation() {
        return EventMetadata.principalAndCorrelation();
    }

    @Bean
    CorrelationDataProvider causationAndTrace() {
        return EventMetadata.causationAndTrace();
    }

    @Bean
    FilterRegistrationBean<CorrelationFilter> correlationFilter() {
        FilterRegistrationBean<CorrelationFilter> registration = new FilterRegistrationBean<>(new CorrelationFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    SmartInitializingSingleton eventMetadataInterceptors(
            CommandBus commandBus,
            ObjectProvider<DeadlineManager> deadlineManagers,
            List<CorrelationDataProvider> providers) {
        return () -> EventMetadata.install(commandBus, deadlineManagers.stream().toList(), providers);
    }
}

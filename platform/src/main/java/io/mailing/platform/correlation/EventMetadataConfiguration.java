package io.mailing.platform.correlation;

import java.util.List;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Records who caused each event and which request it belongs to ({@link EventMetadata}). Axon's own
 * {@code MessageOriginProvider} bean steps aside for the providers defined here (it is conditional on there being
 * none), which keep its trace id and call its correlation id {@code causationId}.
 */
@AutoConfiguration
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

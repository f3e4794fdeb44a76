package io.mailing.platform.logging;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBus;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Logs that one id finds: the API requests ({@link RequestLogFilter}, right after the correlation filter and before
 * security), the commands and the events ({@link AxonLogging}), each line with the ids it concerns in its
 * {@link LogContext}. The output format is Spring Boot's structured logging ({@code logging.structured.format.console},
 * ECS JSON by default, see the platform defaults).
 */
@AutoConfiguration
public class LoggingConfiguration {

    @Bean
    FilterRegistrationBean<RequestLogFilter> requestLogFilter() {
        FilterRegistrationBean<RequestLogFilter> registration = new FilterRegistrationBean<>(new RequestLogFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean
    ConfigurerModule eventHandlingLogContext() {
        return configurer -> configurer
                .eventProcessing()
                .registerDefaultHandlerInterceptor((configuration, processor) -> AxonLogging.eventHandling());
    }

    @Bean
    SmartInitializingSingleton commandAndEventLogging(CommandBus commandBus, EventBus eventBus) {
        return () -> {
            commandBus.registerHandlerInterceptor(AxonLogging.commandHandling());
            eventBus.registerDispatchInterceptor(AxonLogging.eventAppending());
        };
    }
}

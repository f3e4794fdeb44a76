package io.mailing.command.customer;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The phone registry must veto the command that would duplicate a number, so its handler's errors propagate to the
 * command (and roll its transaction back) instead of being logged and skipped as Axon does by default.
 */
@Configuration(proxyBeanMethods = false)
class PhoneRegistryConfiguration {

    @Bean
    ConfigurerModule phoneRegistryPropagatesErrors() {
        return configurer -> configurer
                .eventProcessing()
                .registerListenerInvocationErrorHandler(
                        PhoneRegistry.PROCESSING_GROUP, configuration -> PropagatingErrorHandler.instance());
    }
}

package io.mailing.command.optout;

import io.mailing.platform.axon.OwnEventsOnly;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OptOutConfiguration {

    /** By its name, the factory Axon builds opt-outs with: only from an opt-out's own events. */
    @Bean
    OwnEventsOnly<OptOut> optOutAggregateFactory(ObjectProvider<org.axonframework.config.Configuration> axon) {
        return new OwnEventsOnly<>(OptOut.class, axon::getObject);
    }
}

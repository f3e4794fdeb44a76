package io.mailing.command.mailout;

import io.mailing.platform.axon.OwnEventsOnly;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MailoutConfiguration {

    /** By its name, the factory Axon builds mailouts with: only from a mailout's own events. */
    @Bean
    OwnEventsOnly<Mailout> mailoutAggregateFactory(ObjectProvider<org.axonframework.config.Configuration> axon) {
        return new OwnEventsOnly<>(Mailout.class, axon::getObject);
    }
}

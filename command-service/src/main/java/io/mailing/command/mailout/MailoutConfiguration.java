package io.mailing.command.mailout;

import io.mailing.platform.axon.OwnEventsOnly;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MailoutConfiguration {

    /** By its name, the factory Axon builds mailouts with: only from a mailout's own events. */
    @Bean
    OwnEventsOnly<Mailout> mailoutAggregateFactory() {
        return new OwnEventsOnly<>(Mailout.class);
    }
}

package io.mailing.command.customer;

import io.mailing.platform.axon.OwnEventsOnly;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CustomerConfiguration {

    /** By its name, the factory Axon builds customers with: only from a customer's own events. */
    @Bean
    OwnEventsOnly<Customer> customerAggregateFactory(ObjectProvider<org.axonframework.config.Configuration> axon) {
        return new OwnEventsOnly<>(Customer.class, axon::getObject);
    }
}

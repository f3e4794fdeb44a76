package io.mailing.command.customer;

import io.mailing.platform.axon.OwnEventsOnly;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The customer aggregate's factory, and the imports' settings (both imports: the streamed one and the JSON array). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ImportSettings.class)
class CustomerConfiguration {

    /** By its name, the factory Axon builds customers with: only from a customer's own events. */
    @Bean
    OwnEventsOnly<Customer> customerAggregateFactory(ObjectProvider<org.axonframework.config.Configuration> axon) {
        return new OwnEventsOnly<>(Customer.class, axon::getObject);
    }
}

package io.mailing.platform.upcasting;

import io.mailing.events.customer.CustomerChanged;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.customer.CustomerRemoved;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The upcasters of the published language, one chain for every service, since every service reads the same stored
 * events. Axon's Spring Boot support hands this bean to the event store, which upcasts what it reads.
 */
@AutoConfiguration
public class UpcastingConfiguration {

    /** Revision 2 of the customer events: a customer may have an e-mail address. */
    @Bean
    EventUpcaster publishedLanguageUpcasters() {
        return chain()::upcast;
    }

    /** The chain itself, for tests that read stored events without Spring. */
    public static EventUpcasterChain chain() {
        return new EventUpcasterChain(
                new FieldAdded(CustomerRegistered.class, "1", "2", "email"),
                new FieldAdded(CustomerChanged.class, "1", "2", "email"),
                new FieldAdded(CustomerRemoved.class, "1", "2", "email"));
    }
}

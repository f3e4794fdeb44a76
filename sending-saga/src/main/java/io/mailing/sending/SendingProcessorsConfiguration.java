package io.mailing.sending;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The dispatch saga starts at the beginning of the event stream (Axon starts sagas at its head), so a mailout that
 * started before the sending service first ran, or while its processor was still initialising, is still dispatched.
 * Every step of a dispatch is idempotent, so reading history again is safe.
 */
@Configuration(proxyBeanMethods = false)
class SendingProcessorsConfiguration {

    @Bean
    ConfigurerModule dispatchSagaStartsAtTheBeginning() {
        return configurer -> configurer
                .eventProcessing()
                .registerPooledStreamingEventProcessorConfiguration(
                        "mailout-dispatch",
                        (c, builder) -> builder.initialToken(StreamableMessageSource::createTailToken));
    }
}

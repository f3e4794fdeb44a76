package io.mailing.platform.deadletter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.springboot.EventProcessorProperties;
import org.axonframework.springboot.EventProcessorProperties.Mode;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.ResourceTransactionManager;

/**
 * One bad event never stops a processor for everyone. Every streaming processor configured with
 * {@code axon.eventhandling.processors.<name>.dlq.enabled: true} parks an event that keeps failing in Axon's JDBC
 * sequenced dead-letter queue ({@code axon.dead_letter_entry}), after {@code mailing.dead-letters.max-tries} tries
 * with the processor's backoff, the last ones {@linkplain Isolation isolated}; only that event's sequence waits. A
 * saga's events are parked by {@link SagaParking}. What is parked is counted in {@code mailing.dead.letters}, shown by
 * the {@code deadLetters} health indicator and handled through {@code /api/v1/admin/dead-letters}.
 */
@AutoConfiguration
@Import(DeadLetterController.class)
public class DeadLetterConfiguration {

    @Bean
    Isolation deadLetterIsolation() {
        return new Isolation();
    }

    @Bean
    HandlerEnhancerDefinition isolatingHandlerEnhancer(
            PlatformTransactionManager transactions, List<CorrelationDataProvider> correlation) {
        return new IsolatingHandlerEnhancer(
                ((ResourceTransactionManager) transactions).getResourceFactory(), correlation);
    }

    @Bean
    ConfigurerModule deadLetterParking(
            Isolation isolation,
            EventProcessorProperties processors,
            @Value("${mailing.dead-letters.max-tries:5}") int maxTries) {
        Parking parking = new Parking(isolation, maxTries);
        return configurer -> {
            var processing = configurer.eventProcessing();
            processing.registerDefaultHandlerInterceptor((config, name) -> isSubscribing(processors, name)
                    ? (unitOfWork, chain) -> chain.proceed()
                    : isolation.interceptor(name));
            processors.getProcessors().forEach((name, settings) -> {
                if (settings.getDlq().isEnabled()) {
                    processing
                            .registerDeadLetterPolicy(name, config -> new ParkingPolicy(name, parking))
                            .registerDeadLetteringEventHandlerInvokerConfiguration(
                                    name,
                                    (config, invoker) -> invoker.enableSequenceIdentifierCache()
                                            .allowReset(true))
                            .registerListenerInvocationErrorHandler(
                                    name,
                                    config -> new SagaParking(
                                            name,
                                            parking,
                                            () -> config.eventProcessingConfiguration()
                                                    .deadLetterQueue(name)
                                                    .orElseThrow()));
                }
            });
        };
    }

    private static boolean isSubscribing(EventProcessorProperties processors, String name) {
        var settings = processors.getProcessors().get(name);
        return settings != null && settings.getMode() == Mode.SUBSCRIBING;
    }

    @Bean
    DeadLetters deadLetters(
            JdbcTemplate jdbc,
            TransactionManager transactions,
            EventProcessingConfiguration processing,
            EventBus eventBus) {
        return new DeadLetters(jdbc, transactions, processing, eventBus);
    }

    @Bean
    DeadLetterHealth deadLettersHealthIndicator(DeadLetters deadLetters) {
        return new DeadLetterHealth(deadLetters);
    }

    /** {@code mailing.dead.letters{processor}}: the events parked for each processor this service runs. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> deadLetterGauges(
            EventProcessingConfiguration processing, DeadLetters deadLetters, MeterRegistry meters) {
        return ready -> processing.eventProcessors().keySet().stream()
                .filter(name -> processing.deadLetterQueue(name).isPresent())
                .forEach(name -> Gauge.builder("mailing.dead.letters", deadLetters, d -> d.count(name))
                        .description("Events parked in the processor's dead-letter queue")
                        .tag("processor", name)
                        .register(meters));
    }
}

package io.mailing.sending.publishing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.events.mailout.MailoutCompleted;
import io.mailing.sending.dispatch.StartedMailouts;
import org.apache.kafka.clients.admin.NewTopic;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The Kafka publisher, on only when {@code spring.kafka.bootstrap-servers} is set (Spring Boot's own default of
 * {@code localhost:9092} does not count): without it nothing connects to Kafka. Either way the start-up log says so.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KafkaPublishingProperties.class)
class KafkaPublishingConfiguration {

    static final String BOOTSTRAP_SERVERS = "spring.kafka.bootstrap-servers";

    private static final Logger log = LoggerFactory.getLogger(KafkaPublishingConfiguration.class);

    @Bean
    ApplicationListener<ApplicationReadyEvent> kafkaPublishingReport(
            Environment environment, KafkaPublishingProperties properties) {
        return ready -> {
            String servers = environment.getProperty(BOOTSTRAP_SERVERS);
            if (servers == null || servers.isBlank()) {
                log.info(
                        "Kafka publisher off: no {} configured, delivery and mailout events are not published",
                        BOOTSTRAP_SERVERS);
            } else {
                log.info(
                        "Kafka publisher on: delivery events to {}, mailout events to {}, at {}",
                        properties.deliveryTopic(),
                        properties.mailoutTopic(),
                        servers);
            }
        };
    }

    /**
     * Every event of a message, and every lifecycle event of a mailout, is published in stream order by one
     * segment: by aggregate, except {@code MailoutCompleted}, which the dispatch saga publishes outside the
     * mailout's aggregate and goes with it.
     */
    @Bean
    ConfigurerModule kafkaPublisherSequencing() {
        SequentialPerAggregatePolicy byAggregate = SequentialPerAggregatePolicy.instance();
        return configurer -> configurer
                .eventProcessing()
                .registerSequencingPolicy(
                        KafkaEventPublisher.PROCESSING_GROUP,
                        c -> event -> event.getPayload() instanceof MailoutCompleted completed
                                ? completed.mailoutId().toString()
                                : byAggregate.getSequenceIdentifierFor(event));
    }

    /** The publisher and its topics, when a broker is configured. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(BOOTSTRAP_SERVERS)
    static class Publisher {

        @Bean
        KafkaEventPublisher kafkaEventPublisher(
                KafkaTemplate<String, String> kafka,
                ObjectMapper json,
                KafkaPublishingProperties properties,
                StartedMailouts mailouts) {
            return new KafkaEventPublisher(kafka, json, properties, mailouts);
        }

        @Bean
        NewTopic deliveryEventsTopic(KafkaPublishingProperties properties) {
            return topic(properties.deliveryTopic(), properties);
        }

        @Bean
        NewTopic mailoutEventsTopic(KafkaPublishingProperties properties) {
            return topic(properties.mailoutTopic(), properties);
        }

        private static NewTopic topic(String name, KafkaPublishingProperties properties) {
            return TopicBuilder.name(name)
                    .partitions(properties.partitions())
                    .replicas(properties.replicationFactor())
                    .build();
        }
    }
}

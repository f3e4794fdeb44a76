package io.mailing.sending.publishing;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.NewTopic;
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

    /** The publisher and its topics, when a broker is configured. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(BOOTSTRAP_SERVERS)
    static class Publisher {

        @Bean
        KafkaEventPublisher kafkaEventPublisher(
                KafkaTemplate<String, String> kafka, ObjectMapper json, KafkaPublishingProperties properties) {
            return new KafkaEventPublisher(kafka, json, properties);
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

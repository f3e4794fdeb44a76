package io.mailing.sending.publishing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Kafka publisher ({@code mailing.kafka.*}); the broker itself is Spring Boot's {@code spring.kafka.*}.
 *
 * @param deliveryTopic where message events go, keyed by message id
 * @param mailoutTopic where mailout lifecycle events go, keyed by mailout id
 * @param partitions partitions of each topic when the publisher creates it
 * @param replicationFactor replicas of each topic when the publisher creates it
 * @param ackTimeout how long a batch waits for the broker to acknowledge all its records before it fails (and is
 *     published again after the processor's backoff)
 */
@ConfigurationProperties("mailing.kafka")
record KafkaPublishingProperties(
        String deliveryTopic, String mailoutTopic, int partitions, short replicationFactor, Duration ackTimeout) {}

package io.mailing.platform;

import io.mailing.platform.channels.DeliverableChannels;
import io.mailing.platform.command.Commands;
import io.mailing.platform.links.LinkSettings;
import io.mailing.platform.links.SignedLinks;
import io.mailing.platform.metrics.ProcessorLag;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** Beans every service shares; one instance per context, also when the standalone run hosts all services. */
@AutoConfiguration
@EnableConfigurationProperties(LinkSettings.class)
public class PlatformAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Commands commands(CommandGateway gateway) {
        return new Commands(gateway);
    }

    @Bean
    @ConditionalOnMissingBean
    ProcessorLag processorLag(EventProcessingConfiguration processing, EventStore eventStore, MeterRegistry meters) {
        return new ProcessorLag(processing, eventStore, meters);
    }

    @Bean
    @ConditionalOnMissingBean
    DeliverableChannels deliverableChannels(Environment environment) {
        return new DeliverableChannels(environment);
    }

    @Bean
    @ConditionalOnMissingBean
    SignedLinks signedLinks(LinkSettings settings, Environment environment) {
        return new SignedLinks(settings, environment.getProperty("mailing.security.jwt-secret"));
    }
}

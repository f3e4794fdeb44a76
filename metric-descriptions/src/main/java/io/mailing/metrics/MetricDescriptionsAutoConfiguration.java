package io.mailing.metrics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Help texts for the meters registered without one, in every process that exports metrics: the services (through
 * {@code platform}) and the console, which shares no other code with them. Spring Boot applies a {@code MeterFilter}
 * bean to every meter registry.
 */
@AutoConfiguration
public class MetricDescriptionsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MetricDescriptions metricDescriptions() {
        return new MetricDescriptions();
    }
}

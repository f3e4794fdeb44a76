package io.mailing.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * A provider given as {@code PROVIDER_BASE_URL} is the one the standalone platform delivers to: the platform's
 * defaults, which map that variable to {@code mailing.delivery.provider.base-url}, are in place before the built-in
 * simulator decides whether it is needed. The post-processors run as Spring Boot runs them, in their declared order.
 */
class ProviderConfigurationTest {

    @Test
    void aProviderFromTheEnvironmentKeepsTheSimulatorOff() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of("PROVIDER_BASE_URL", "http://provider.example:9999", "PROVIDER_TOKEN", "t")));
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("test", Map.of(EmbeddedPostgresEnvironment.ENABLED, "false")));

        List<EnvironmentPostProcessor> processors = SpringFactoriesLoader.forDefaultResourceLocation()
                .load(
                        EnvironmentPostProcessor.class,
                        SpringFactoriesLoader.ArgumentResolver.of(
                                org.springframework.boot.logging.DeferredLogFactory.class, new DeferredLogs()))
                .stream()
                .filter(p -> p.getClass().getName().startsWith("io.mailing."))
                .sorted(AnnotationAwareOrderComparator.INSTANCE)
                .toList();
        processors.forEach(p -> p.postProcessEnvironment(environment, new SpringApplication()));

        assertThat(processors)
                .extracting(p -> p.getClass().getSimpleName())
                .contains("PlatformDefaults", "SimulatorEnvironment");
        assertThat(environment.getProperty("mailing.delivery.provider.base-url"))
                .isEqualTo("http://provider.example:9999");
        assertThat(environment.getPropertySources().contains("providerSimulator"))
                .isFalse();
    }
}

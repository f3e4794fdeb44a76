package io.mailing.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Adds, as the lowest-priority property sources, {@code mailing-platform-defaults.yml} (what every service needs:
 * Axon without Axon Server, Flyway per schema, db-scheduler, strict JSON) and each hosted service's
 * {@code mailing-defaults/<service>.yml} (its event processors, under {@code axon.eventhandling.processors}). A
 * service's own {@code application.yml} holds only what differs between deployments, and the standalone run,
 * which hosts every service in one context, gets every service's defaults. Also switches off Axon's usage
 * reporter, which only a system property can do, unless one is set already, and gives the common fork-join pool two
 * threads on a small machine ({@link #COMMON_POOL_PARALLELISM}).
 */
public class PlatformDefaults implements EnvironmentPostProcessor, Ordered {

    /**
     * Before the post-processors that read the configuration to decide something (the standalone's simulator looks
     * for a configured provider, whose {@code PROVIDER_BASE_URL} placeholder is in these defaults).
     */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 10;

    static final String UPDATE_CHECKER_PROPERTY = "axoniq.update-checker.disabled";

    /**
     * The JDK's HTTP client completes every response on the common fork-join pool, and on a machine with fewer than
     * three cores that pool has a parallelism of 1, which makes {@code CompletableFuture} start a new thread for each
     * task: a thread per provider answer. Two threads at least, unless set already.
     */
    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private static final String SERVICE_DEFAULTS = "classpath*:mailing-defaults/*.yml";

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (System.getProperty(UPDATE_CHECKER_PROPERTY) == null) {
            System.setProperty(UPDATE_CHECKER_PROPERTY, "true");
        }
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null
                && Runtime.getRuntime().availableProcessors() < 3) {
            System.setProperty(COMMON_POOL_PARALLELISM, "2");
        }
        try {
            Resource[] services = new PathMatchingResourcePatternResolver().getResources(SERVICE_DEFAULTS);
            for (Resource service : services) {
                addLast(environment, service);
            }
            addLast(environment, new ClassPathResource("mailing-platform-defaults.yml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addLast(ConfigurableEnvironment environment, Resource resource) throws IOException {
        new YamlPropertySourceLoader()
                .load("mailingDefaults:" + resource.getFilename(), resource)
                .forEach(environment.getPropertySources()::addLast);
    }
}

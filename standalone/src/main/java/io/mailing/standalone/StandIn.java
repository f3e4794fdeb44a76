package io.mailing.standalone;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * A built-in stand-in for a system the platform talks to (the database, the SMS provider): unless its
 * {@code enabled} property is false or the real system is configured, it starts once the context is prepared ({@link
 * StartWithContext}), becomes the singleton {@code bean} and stops when the context closes.
 *
 * <p>It decides after the config data and the platform's defaults are loaded ({@link #getOrder()}), so the real system
 * configured in either (a property, an environment variable the defaults map to it) is seen.
 *
 * @param <T> the running stand-in
 */
abstract class StandIn<T> implements EnvironmentPostProcessor, Ordered {

    protected final Log log;
    private final String enabled;
    private final String bean;

    StandIn(Log log, String enabled, String bean) {
        this.log = log;
        this.enabled = enabled;
        this.bean = bean;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty(enabled, Boolean.class, true)) {
            return;
        }
        String configured = configuredInstead(environment);
        if (configured != null) {
            log.info(configured);
            return;
        }
        application.addListeners(new StartWithContext<>(bean, () -> start(environment), this::stop));
    }

    /** The line to log when the real system is configured (and the stand-in not started), else {@code null}. */
    abstract String configuredInstead(ConfigurableEnvironment environment);

    /** Starts the stand-in and points the environment at it with a property source that overrides every other. */
    abstract T start(ConfigurableEnvironment environment);

    abstract void stop(T running);
}

package io.mailing.standalone;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;

/**
 * Starts something the context's beans need (the embedded PostgreSQL, the provider simulator) once the context is
 * prepared, before any bean exists, and hands it to the context's lifecycle, so it stops after every bean that uses
 * it; or stops it when the application fails to start, whatever failed.
 *
 * <p>Not earlier, in the environment post-processor that decides it is needed: a failure between there and the
 * context (another post-processor, the logging set-up) reaches no listener added meanwhile, and what was started
 * would outlive the failed start (an embedded PostgreSQL process after its JVM exited).
 */
final class StartWithContext<T> implements ApplicationListener<ApplicationEvent> {

    private final String bean;
    private final Supplier<T> start;
    private final Consumer<T> stop;
    private T started;

    /**
     * @param bean the name under which the context holds it
     * @param start starts it (and points the environment at it); throws when it cannot
     * @param stop stops it; idempotent
     */
    StartWithContext(String bean, Supplier<T> start, Consumer<T> stop) {
        this.bean = bean;
        this.start = start;
        this.stop = stop;
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationPreparedEvent prepared) {
            T resource = start.get();
            started = resource;
            ConfigurableListableBeanFactory beans =
                    prepared.getApplicationContext().getBeanFactory();
            beans.registerSingleton(bean, resource);
            ((DefaultSingletonBeanRegistry) beans).registerDisposableBean(bean, () -> stop.accept(resource));
        } else if (event instanceof ApplicationFailedEvent && started != null) {
            stop.accept(started);
        }
    }
}

package io.mailing.platform.background;

import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The event processors' own threads run at the background priority ({@link BackgroundPriority}): a pooled processor's
 * coordinator from its start (its workers are started by it and inherit its priority), a tracking processor's threads
 * from their first event. A subscribing processor runs on the thread that appends the events (a request's, for
 * instance) and leaves it as it is.
 *
 * <p>With the priority off (the default) nothing is registered: no handler sees the interceptor. Registering a default
 * pooled-processor configuration has one side effect in Axon: a saga whose processor is not
 * configured by name no longer gets Axon's saga default of starting at the head of the stream. Every saga here has
 * its processor in its service's {@code mailing-defaults} (mailout-dispatch), so none relies on that default; a new
 * saga must be configured there too.
 */
@AutoConfiguration
public class BackgroundConfiguration {

    @Bean
    BackgroundPriority backgroundPriority(@Value("${mailing.background.nice}") int nice) {
        return BackgroundPriority.of(nice);
    }

    /**
     * With the priority on, the application's pool (Hikari) becomes {@link BackgroundConnections}: background threads
     * take their connections from a pool of their own ({@code mailing.background.pool-size}, by default as large as
     * the application's), whose backends are lowered too.
     */
    @Bean
    static BeanPostProcessor backgroundConnections(
            ObjectProvider<BackgroundPriority> priority, Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof HikariDataSource requests)) {
                    return bean;
                }
                BackgroundPriority background = priority.getObject();
                if (!background.lowers()) {
                    return bean;
                }
                int poolSize = environment.getProperty(
                        "mailing.background.pool-size", Integer.class, requests.getMaximumPoolSize());
                return new BackgroundConnections(requests, background, poolSize);
            }
        };
    }

    @Bean
    ConfigurerModule backgroundEventProcessors(BackgroundPriority priority) {
        if (!priority.lowers()) {
            return configurer -> {};
        }
        MessageHandlerInterceptor<EventMessage<?>> lowering = (unitOfWork, chain) -> {
            if (BackgroundPriority.onProcessorThread()) {
                priority.lowerCurrentThread();
            }
            return chain.proceed();
        };
        return configurer -> configurer
                .eventProcessing()
                .registerPooledStreamingEventProcessorConfiguration((config, builder) ->
                        builder.coordinatorExecutor(processor -> {
                            ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor(
                                    priority.threads("Coordinator[" + processor + "]"));
                            config.onShutdown(coordinator::shutdown);
                            return coordinator;
                        }))
                .registerDefaultHandlerInterceptor((config, processor) -> lowering);
    }
}

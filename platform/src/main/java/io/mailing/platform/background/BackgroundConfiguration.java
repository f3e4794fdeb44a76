package io.mailing.platform.background;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

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

    /** Axon's thread factories put a tracking processor's threads and a pooled one's workers in groups so named. */
    private static final String[] PROCESSOR_THREAD_GROUPS = {"EventProcessor[", "WorkPackage["};

    @Bean
    BackgroundPriority backgroundPriority(@Value("${mailing.background.nice}") int nice) {
        return BackgroundPriority.of(nice);
    }

    @Bean
    ConfigurerModule backgroundEventProcessors(BackgroundPriority priority) {
        if (!priority.lowers()) {
            return configurer -> {};
        }
        MessageHandlerInterceptor<EventMessage<?>> lowering = (unitOfWork, chain) -> {
            if (onProcessorThread()) {
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

    private static boolean onProcessorThread() {
        ThreadGroup group = Thread.currentThread().getThreadGroup();
        if (group == null) {
            return false;
        }
        for (String prefix : PROCESSOR_THREAD_GROUPS) {
            if (group.getName().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}

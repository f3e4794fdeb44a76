package io.mailing.standalone;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;

/**
 * Hands something started before the application context (by an environment post-processor) to the context's
 * lifecycle, so it stops with the context; or stops it if the application fails before there is a context.
 */
final class StopWithContext implements ApplicationListener<ApplicationEvent> {

    private final String bean;
    private final Object resource;
    private final DisposableBean stop;
    private boolean ownedByContext;

    /**
     * @param bean the name under which the context holds the resource
     * @param stop how to stop it
     */
    StopWithContext(String bean, Object resource, DisposableBean stop) {
        this.bean = bean;
        this.resource = resource;
        this.stop = stop;
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationPreparedEvent prepared) {
            ConfigurableListableBeanFactory beans =
                    prepared.getApplicationContext().getBeanFactory();
            beans.registerSingleton(bean, resource);
            ((DefaultSingletonBeanRegistry) beans).registerDisposableBean(bean, stop);
            ownedByContext = true;
        } else if (event instanceof ApplicationFailedEvent && !ownedByContext) {
            try {
                stop.destroy();
            } catch (Exception e) {
                throw new IllegalStateException("Could not stop " + bean, e);
            }
        }
    }
}

package io.mailing.platform.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * The console log is written by a thread of its own: a request (or any thread) that logs hands the line to a queue
 * and goes on, instead of taking the console's lock and waiting while another thread's line is written to standard
 * output, whose reader (a container runtime, a pipe) may lag. Nothing is dropped: when {@value #QUEUE} lines wait,
 * the next one waits for room. Lines still queued when the process is killed (kill -9) are lost; a normal stop writes
 * them out first (Spring Boot stops logging last).
 *
 * <p>Runs right after Spring Boot has set logging up, on the appender Boot (or a {@code logback-test.xml}) names
 * {@code CONSOLE}; where there is none, or it is wrapped already, nothing changes.
 */
public class AsyncConsole implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    static final String CONSOLE = "CONSOLE";
    static final int QUEUE = 8192;

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            wrap(context);
        }
    }

    /** Puts the root logger's console appender behind a queue. */
    static void wrap(LoggerContext context) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> console = root.getAppender(CONSOLE);
        if (console == null) {
            return;
        }
        AsyncAppender queued = new AsyncAppender();
        queued.setName("ASYNC_" + CONSOLE);
        queued.setContext(context);
        queued.setQueueSize(QUEUE);
        queued.setDiscardingThreshold(0);
        queued.addAppender(console);
        queued.start();
        root.addAppender(queued);
        root.detachAppender(console);
    }

    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }
}

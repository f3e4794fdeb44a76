package io.mailing.platform.logging;

import io.mailing.platform.metrics.AfterCommit;
import io.mailing.platform.problem.DomainException;
import io.mailing.platform.subjects.Subjects;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log lines of commands and events, each within the {@link LogContext} of what it concerns:
 *
 * <ul>
 *   <li>every command handled: a debug line when it succeeds, an info line naming the rule when the domain refuses
 *       it, a warning when it fails otherwise; lines logged while it is handled carry its subjects too;
 *   <li>every event appended (a state change), once its transaction has committed: its type and details
 *       ({@link Details}: no phone numbers, no texts); an info line, except for the events of a single message
 *       (queued, sent, …), which come by the thousand a second while a mailout runs and are a debug line each, and
 *       the events of a bulk operation ({@link BulkEventLog}), one line for them all;
 *   <li>every event handled by a processor or saga: no line of its own, but the lines its handler logs (and the
 *       commands it sends) carry its subjects and correlation id.
 * </ul>
 *
 * The logger names ({@code io.mailing.platform.logging.AxonLogging.commands} and {@code ….events}) let operators turn
 * either down on their own.
 */
final class AxonLogging {

    private static final Logger commands = LoggerFactory.getLogger(AxonLogging.class.getName() + ".commands");
    static final Logger events = LoggerFactory.getLogger(AxonLogging.class.getName() + ".events");

    private AxonLogging() {}

    /** Logs each command handled, within its context. */
    static MessageHandlerInterceptor<CommandMessage<?>> commandHandling() {
        return (unitOfWork, chain) -> handle(unitOfWork, chain);
    }

    /** Gives the handlers of each event its context. */
    static MessageHandlerInterceptor<EventMessage<?>> eventHandling() {
        return (unitOfWork, chain) -> {
            try (LogContext context = LogContext.of(unitOfWork.getMessage())) {
                return chain.proceed();
            }
        };
    }

    /** Logs each event appended, once committed. */
    static MessageDispatchInterceptor<EventMessage<?>> eventAppending() {
        return new MessageDispatchInterceptor<>() {
            @Override
            public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(
                    List<? extends EventMessage<?>> messages) {
                return (index, event) -> {
                    boolean ofOneMessage = Subjects.of(event.getPayload()).messageId() != null;
                    if ((ofOneMessage ? events.isDebugEnabled() : events.isInfoEnabled())
                            && !BulkEventLog.counted(event)) {
                        AfterCommit.run(() -> appended(event, ofOneMessage));
                    }
                    return event;
                };
            }
        };
    }

    private static Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
            throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        try (LogContext context = LogContext.of(command)) {
            long start = System.nanoTime();
            try {
                Object result = chain.proceed();
                if (commands.isDebugEnabled()) {
                    commands.debug(
                            "{} handled in {} ms",
                            command.getPayloadType().getSimpleName(),
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                }
                return result;
            } catch (DomainException e) {
                commands.info("{} refused: {}", command.getPayloadType().getSimpleName(), e.getMessage());
                throw e;
            } catch (Exception | Error e) {
                commands.warn("{} failed: {}", command.getPayloadType().getSimpleName(), e.toString());
                throw e;
            }
        }
    }

    private static void appended(EventMessage<?> event, boolean ofOneMessage) {
        try (LogContext context = LogContext.of(event)) {
            String details = Details.of(event.getPayload());
            String format = "{}{}{}";
            Object[] arguments = {event.getPayloadType().getSimpleName(), details.isEmpty() ? "" : " ", details};
            if (ofOneMessage) {
                events.debug(format, arguments);
            } else {
                events.info(format, arguments);
            }
        }
    }
}

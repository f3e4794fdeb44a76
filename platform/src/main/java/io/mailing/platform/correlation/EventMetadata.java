package io.mailing.platform.correlation;

import io.mailing.platform.ids.RandomIds;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Who caused each event and which request it belongs to, in every message's metadata:
 *
 * <ul>
 *   <li>{@value #PRINCIPAL}: the authenticated user of the HTTP request that started the story
 *       ({@link HttpServletRequest#getUserPrincipal()}, never a header; {@code anonymous} when the request had none,
 *       {@code system} for work no request started);
 *   <li>{@value #CORRELATION_ID}: one id for the whole story of that request (its {@code X-Correlation-Id}, or a new
 *       one), unchanged through every event, saga step, deadline and delivery attempt that follows;
 *   <li>{@value #CAUSATION_ID}: the id of the message whose handling produced this one;
 *   <li>{@value #TRACE_ID}: Axon's id of the first message of the chain.
 * </ul>
 *
 * A command sent outside any unit of work (a root command) is given the first two, unless its sender set them.
 * Everything produced while handling a message inherits that message's principal, correlation id and trace id and
 * names it as its cause (Axon's correlation data providers; Axon's own {@code MessageOriginProvider} would call the
 * cause {@code correlationId}, which here means the story). Deadlines included: a deadline keeps the metadata of the
 * command that scheduled it, so a mailout started at its {@code startAt} or closed at its {@code endAt} is
 * attributed to whoever created or last changed it.
 */
public final class EventMetadata {

    public static final String PRINCIPAL = "principal";
    public static final String CORRELATION_ID = "correlationId";
    public static final String CAUSATION_ID = "causationId";
    public static final String TRACE_ID = "traceId";
    static final String ANONYMOUS = "anonymous";
    static final String SYSTEM = "system";

    private EventMetadata() {}

    /** Every message inherits the principal and correlation id of the one whose handling produced it. */
    static CorrelationDataProvider principalAndCorrelation() {
        return new SimpleCorrelationDataProvider(PRINCIPAL, CORRELATION_ID);
    }

    /** Every message names the one whose handling produced it, and the first of the chain. */
    static CorrelationDataProvider causationAndTrace() {
        return new MessageOriginProvider(CAUSATION_ID, TRACE_ID);
    }

    /** Gives root commands their principal and correlation id, unless the sender set them. */
    static MessageDispatchInterceptor<CommandMessage<?>> rootCommands() {
        return messages -> (index, command) -> {
            if (CurrentUnitOfWork.isStarted()) {
                return command;
            }
            Map<String, Object> origin = new HashMap<>(ofCurrentRequest());
            origin.keySet().removeAll(command.getMetaData().keySet());
            return origin.isEmpty() ? command : command.andMetaData(origin);
        };
    }

    /**
     * The principal and correlation id of the HTTP request this thread serves ({@code system} and a new id outside
     * any request), for a message sent outside any unit of work.
     */
    public static Map<String, Object> ofCurrentRequest() {
        HttpServletRequest request = currentRequest();
        Object fromRequest = request == null ? null : request.getAttribute(CorrelationFilter.ATTRIBUTE);
        return Map.of(
                PRINCIPAL,
                request == null ? SYSTEM : principalOf(request),
                CORRELATION_ID,
                fromRequest != null ? fromRequest : RandomIds.uuid().toString());
    }

    /**
     * Registers what a command bus and the deadline managers need; {@code providers} are the correlation data
     * providers Axon is configured with. A deadline needs no dispatch interceptor: Axon builds the deadline message
     * inside the scheduling handler's unit of work, so it already carries that unit's correlation data (and the
     * deadline store keeps it). What Axon leaves out is the other half: the deadline manager it configures handles a
     * deadline in a unit of work without correlation data providers, so without this interceptor the events a
     * deadline handler applies would carry no metadata at all.
     */
    static void install(
            CommandBus commandBus, List<DeadlineManager> deadlineManagers, List<CorrelationDataProvider> providers) {
        commandBus.registerDispatchInterceptor(rootCommands());
        for (DeadlineManager deadlines : deadlineManagers) {
            deadlines.registerHandlerInterceptor(new CorrelationDataInterceptor<>(providers));
        }
    }

    private static HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest()
                : null;
    }

    private static String principalOf(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        return principal == null ? ANONYMOUS : principal.getName();
    }
}

package io.mailing.platform.deadletter;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Which event processors' segments handle events one at a time after a failure, and how often each failing event
 * has failed on this node.
 *
 * <p>A processor handles a batch of events in one transaction, and much of what they produce is written once, before
 * the commit (batched projection writes, the events their commands append). When a batch fails, the processor rolls
 * it back and retries it with backoff; the retry runs isolated: each event's handling runs to its end under a
 * savepoint of its own ({@link IsolatingHandlerEnhancer}), so an event that fails again is rolled back alone and can
 * be counted, and the rest of the batch goes on: every event of it that fails counts a try in the same retry. While
 * one of them has failed fewer than {@code max-tries} times the batch fails at its commit and is retried; once each
 * has, they are parked together and the rest of the batch commits ({@link Parking}). The segment handles batches
 * normally again once an isolated batch has committed.
 */
final class Isolation {

    private static final String ISOLATED = Isolation.class.getName() + ".isolated";
    private static final String WATCHED = Isolation.class.getName() + ".watched";
    private static final int MAX_REMEMBERED = 10_000;

    private static final ThreadLocal<Boolean> RETRYING = new ThreadLocal<>();

    private final Set<String> suspects = new HashSet<>();
    private final Map<String, Integer> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    /** Whether this unit of work handles its events one at a time. */
    static boolean isIsolated(UnitOfWork<?> unitOfWork) {
        return unitOfWork.root().getResource(ISOLATED) != null;
    }

    /**
     * Runs {@code action} as an operator's retry of parked events, during which a saga's failure goes back to the
     * retry instead of being parked anew ({@link SagaParking}); the retry isolates its own units of work.
     */
    static <T> T retrying(java.util.function.Supplier<T> action) {
        RETRYING.set(Boolean.TRUE);
        try {
            return action.get();
        } finally {
            RETRYING.remove();
        }
    }

    static boolean isRetrying() {
        return RETRYING.get() != null;
    }

    /** Puts a unit of work in isolated mode: a processor's retry of a failed batch, or an operator's retry. */
    static void isolate(UnitOfWork<?> unitOfWork) {
        UnitOfWork<?> root = unitOfWork.root();
        root.resources().putIfAbsent(ISOLATED, Boolean.TRUE);
    }

    /** One more failure of this event; answers how many this node has seen. */
    synchronized int failed(String eventId) {
        return failures.merge(eventId, 1, Integer::sum);
    }

    synchronized void forget(String eventId) {
        failures.remove(eventId);
    }

    private synchronized boolean isSuspect(String segment) {
        return suspects.contains(segment);
    }

    private synchronized void suspect(String segment) {
        suspects.add(segment);
    }

    private synchronized void clear(String segment) {
        suspects.remove(segment);
    }

    /**
     * The interceptor of the streaming processor {@code processor}: it watches each unit of work, marks the segment
     * suspect when one rolls back and clears it when an isolated one commits, and isolates the units of work of a
     * suspect segment.
     */
    MessageHandlerInterceptor<EventMessage<?>> interceptor(String processor) {
        String segmentKey = "Processor[" + processor + "]/SegmentId";
        return (unitOfWork, chain) -> {
            UnitOfWork<?> root = unitOfWork.root();
            if (root.getResource(WATCHED) == null) {
                root.resources().put(WATCHED, Boolean.TRUE);
                String segment = processor + "/" + root.getResource(segmentKey);
                if (isSuspect(segment)) {
                    isolate(root);
                }
                root.onRollback(u -> suspect(segment));
                root.afterCommit(u -> {
                    if (isIsolated(u)) {
                        clear(segment);
                    }
                });
            }
            return proceed(chain);
        };
    }

    private static Object proceed(InterceptorChain chain) throws Exception {
        return chain.proceed();
    }
}

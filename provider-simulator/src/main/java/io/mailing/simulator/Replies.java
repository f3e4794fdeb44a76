package io.mailing.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Answers exchanges now, later or never. A delayed answer occupies no thread while it waits: the exchange is parked
 * on a timer and handed back to a worker when it is due, so a thousand requests within a 200 ms latency cost a
 * thousand timer entries, not a thousand sleeping threads. Every parked exchange is remembered, so that closing the
 * simulator can release them at once.
 */
final class Replies {

    private final ScheduledExecutorService timer;
    private final Executor workers;
    private final Set<HttpExchange> parked = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Replies(ScheduledExecutorService timer, Executor workers) {
        this.timer = timer;
        this.workers = workers;
    }

    /** Answers after {@code delayNanos} (at once when 0). */
    void answer(HttpExchange exchange, Reply reply, long delayNanos) {
        if (delayNanos <= 0) {
            reply.sendTo(exchange);
            return;
        }
        park(exchange, () -> reply.sendTo(exchange), delayNanos);
    }

    /** Never answers: closes the connection after {@code hold}, or when the simulator closes. */
    void hold(HttpExchange exchange, Duration hold) {
        park(exchange, exchange::close, hold.toNanos());
    }

    /** Closes every parked exchange unanswered; whatever is parked afterwards is closed at once. */
    void close() {
        closed = true;
        for (HttpExchange exchange : parked) {
            if (parked.remove(exchange)) {
                exchange.close();
            }
        }
    }

    private void park(HttpExchange exchange, Runnable action, long delayNanos) {
        parked.add(exchange);
        if (closed) {
            release(exchange);
            return;
        }
        try {
            timer.schedule(() -> workers.execute(() -> unpark(exchange, action)), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            release(exchange);
        }
    }

    private void unpark(HttpExchange exchange, Runnable action) {
        if (parked.remove(exchange)) {
            action.run();
        }
    }

    private void release(HttpExchange exchange) {
        if (parked.remove(exchange)) {
            exchange.close();
        }
    }
}

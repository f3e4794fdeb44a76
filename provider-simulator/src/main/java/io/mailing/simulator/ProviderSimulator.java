package io.mailing.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A built-in simulator of the SMS provider's "probe" API: {@code POST /v1/send/{msgId}} with a bearer token, answered
 * after a configurable latency and, at a configurable rate, with a simulated failure. It records every call, counts
 * calls and deliveries per msgId, and serves {@code /simulator/*} admin endpoints on the same port.
 *
 * <p>It runs on the JDK's {@code com.sun.net.httpserver}. A delayed answer holds no thread while it waits, so a
 * thousand requests in flight at 200 ms latency are served by a small pool. {@link #start} sets two system properties
 * of the JDK's HTTP server unless they are set already: {@code sun.net.httpserver.nodelay=true} (without it Nagle's
 * algorithm holds small answers back and caps the simulator's rate on loopback: docs/performance.md) and
 * {@code sun.net.httpserver.maxIdleConnections} (the default, 200, closes keep-alive connections beyond it). The JDK reads them once, when the first
 * {@code HttpServer} of the JVM is created, so they have no effect if another {@code HttpServer} was created earlier;
 * pass them with {@code -D} on the command line to be sure.
 *
 * <p>Thread-safe. {@link #close()} stops it promptly and releases held requests.
 */
public final class ProviderSimulator implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ProviderSimulator.class.getName());

    private static final int BACKLOG = 4_096;
    private static final int MAX_IDLE_CONNECTIONS = 4_096;
    private static final int WORKERS = Math.max(16, 4 * Runtime.getRuntime().availableProcessors());

    private final SimulatorSettings settings;
    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final Ledger ledger;
    private final Replies replies;
    private final SendEndpoint send;
    private final AdminEndpoint admin;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ProviderSimulator(
            SimulatorSettings settings, HttpServer server, ExecutorService workers, ScheduledExecutorService timer) {
        this.settings = settings;
        this.server = server;
        this.workers = workers;
        this.timer = timer;
        this.ledger = new Ledger(settings.recordCalls());
        this.replies = new Replies(timer, workers);
        this.send = new SendEndpoint(ledger, replies, settings.behaviour(), settings.token());
        this.admin = new AdminEndpoint(this);
    }

    /**
     * Starts a simulator listening on {@code settings.host()} and {@code settings.port()} (0: any free port).
     *
     * @throws UncheckedIOException if it cannot listen there, e.g. because the port is taken
     */
    public static ProviderSimulator start(SimulatorSettings settings) {
        Objects.requireNonNull(settings, "settings must not be null");
        InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve host " + settings.host());
        }
        setUnlessSet("sun.net.httpserver.nodelay", "true");
        setUnlessSet("sun.net.httpserver.maxIdleConnections", String.valueOf(MAX_IDLE_CONNECTIONS));
        ExecutorService workers = new ThreadPoolExecutor(
                WORKERS,
                WORKERS,
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                daemonThreads("provider-simulator-worker-"));
        ScheduledExecutorService timer = new ScheduledThreadPoolExecutor(1, daemonThreads("provider-simulator-timer-"));
        HttpServer server;
        try {
            server = HttpServer.create(address, BACKLOG);
        } catch (IOException e) {
            workers.shutdownNow();
            timer.shutdownNow();
            throw new UncheckedIOException("cannot listen on " + settings.host() + ":" + settings.port(), e);
        }
        ProviderSimulator simulator = new ProviderSimulator(settings, server, workers, timer);
        server.createContext("/", simulator::handle);
        server.setExecutor(workers);
        server.start();
        return simulator;
    }

    /** The port it listens on (the one chosen when started with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>} when listening on all addresses or loopback, else the address listened on. */
    public URI baseUrl() {
        InetAddress address = server.getAddress().getAddress();
        String host;
        if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
            host = "127.0.0.1";
        } else if (address instanceof Inet6Address) {
            host = "[" + address.getHostAddress() + "]";
        } else {
            host = address.getHostAddress();
        }
        return URI.create("http://" + host + ":" + port());
    }

    /** The settings it was started with; behaviour and token may have changed since. */
    public SimulatorSettings settings() {
        return settings;
    }

    /** The behaviour calls arriving now get. */
    public Behaviour behaviour() {
        return send.behaviour();
    }

    /** Changes latency and failures for calls arriving from now on; calls in flight keep theirs. */
    public void behave(Behaviour behaviour) {
        send.behave(behaviour);
    }

    /** Changes the bearer token calls must carry from now on. */
    public void expectToken(String token) {
        send.expectToken(token);
    }

    /** The counters, as one consistent snapshot. */
    public SimulatorStats stats() {
        return ledger.stats();
    }

    /** Every recorded call in arrival order; empty when the simulator keeps only counters. */
    public List<Call> calls() {
        return ledger.calls();
    }

    /** The recorded calls of one msgId in arrival order; empty when the simulator keeps only counters. */
    public List<Call> calls(long msgId) {
        return ledger.calls(msgId);
    }

    /** How often {@code msgId} was called; counted even when calls are not recorded. */
    public int callCount(long msgId) {
        return ledger.counts(msgId).calls();
    }

    /** How often {@code msgId} was answered successfully; counted even when calls are not recorded. */
    public int deliveryCount(long msgId) {
        return ledger.counts(msgId).deliveries();
    }

    /** Forgets every call and zeroes every counter; behaviour and token stay. */
    public void reset() {
        ledger.reset();
    }

    /** Stops listening, closes held and delayed requests unanswered, and stops its threads. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        replies.close();
        server.stop(0);
        timer.shutdownNow();
        workers.shutdownNow();
    }

    List<Call> latestCalls(int limit) {
        return ledger.lastCalls(limit);
    }

    int recordedCallCount() {
        return ledger.recordedCallCount();
    }

    private void handle(HttpExchange exchange) {
        try {
            String path = exchange.getRequestURI().getRawPath();
            if (path.startsWith(SendEndpoint.PATH) && path.indexOf('/', SendEndpoint.PATH.length()) < 0) {
                send.handle(exchange, path.substring(SendEndpoint.PATH.length()));
            } else if (path.startsWith(AdminEndpoint.PREFIX)) {
                admin.handle(exchange, path);
            } else {
                Json.error(404, "no such path: " + path).sendTo(exchange);
            }
        } catch (InvalidRequest e) {
            Json.error(400, e.getMessage()).sendTo(exchange);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot handle " + exchange.getRequestMethod() + " " + exchange.getRequestURI(), e);
            Json.error(500, "simulator error: " + e).sendTo(exchange);
        }
    }

    private static void setUnlessSet(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

package io.mailing.sending.provider;

import io.mailing.events.message.ErrorKind;
import io.mailing.sending.message.AttemptResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The circuit breaker of one provider as seen from this node, plus suspension when the provider refuses our
 * credentials.
 *
 * <ul>
 *   <li>{@link State#CLOSED}: every attempt may start. {@code failureThreshold} consecutive results that say the
 *       provider is unwell ({@code TIMEOUT}, {@code CONNECTION_FAILED}, {@code SERVER_ERROR}, {@code RATE_LIMITED},
 *       {@code MALFORMED_RESPONSE}) open it. A result that shows the provider up resets the count: {@code Delivered},
 *       {@code CLIENT_ERROR}, and also {@code PROVIDER_REJECTED}: a contract answer with a non-zero code was parsed
 *       and decided by a working provider; it is about that message, and pausing the whole provider would not help
 *       it (the message's own retry backoff deals with it).
 *   <li>{@link State#OPEN}: refuses until the open duration has passed; the first opening lasts {@code openDuration}.
 *   <li>{@link State#HALF_OPEN}: the open duration has passed; exactly one probe attempt may start, others are refused
 *       while it is in flight. Its success closes the circuit (and resets the open duration); its failure opens it
 *       again for twice the previous duration, at most {@code maxOpenDuration}.
 *   <li>{@link State#SUSPENDED}: an {@code UNAUTHORIZED} result, in any state, suspends sending: one probe per
 *       {@code credentialsRetryInterval}, nothing else. A probe answered with anything but {@code UNAUTHORIZED} ends
 *       the suspension and is judged like a half-open probe: up closes the circuit, unwell opens it.
 * </ul>
 *
 * <p>Results of attempts admitted before the circuit left {@code CLOSED} (stragglers) change nothing while it is not
 * closed, except {@code UNAUTHORIZED}, which always suspends. A straggler cannot be told from the probe, so the first
 * result that arrives while a probe is in flight is taken as the probe's: keep {@code openDuration} longer than an
 * attempt can take (the request timeout) and there are no stragglers left when the probe starts. A probe whose result
 * has not come back within the open duration (suspended: the retry interval) is presumed lost and another may start,
 * so one missing {@link #onResult} cannot stall the provider for good.
 *
 * <p>Thread-safe: results arrive on HTTP client threads. Each state change is told to the {@link CircuitLog} once,
 * outside the lock. Meters, tagged {@code provider}: the gauge
 * {@code mailing.provider.circuit.state} (0 closed, 1 half-open, 2 open, 3 suspended) and the counter
 * {@code mailing.provider.credentials.rejected}, one per {@code UNAUTHORIZED} result.
 */
public final class ProviderCircuit {

    /** What the circuit lets through; {@link #gaugeValue()} is the value of the state gauge. */
    public enum State {
        CLOSED(0),
        HALF_OPEN(1),
        OPEN(2),
        SUSPENDED(3);

        private final int gaugeValue;

        State(int gaugeValue) {
            this.gaugeValue = gaugeValue;
        }

        public int gaugeValue() {
            return gaugeValue;
        }
    }

    /**
     * The tuning of a circuit. Suggested: 10 consecutive failures, open 15 s (longer than the request timeout), at
     * most 5 min, credentials retried every 1 min.
     *
     * @param failureThreshold consecutive unwell results that open a closed circuit, at least 1
     * @param openDuration how long the first opening lasts
     * @param maxOpenDuration the cap for the doubling after failed probes, at least {@code openDuration}
     * @param credentialsRetryInterval how often a suspended circuit lets a probe through
     */
    public record Settings(
            int failureThreshold, Duration openDuration, Duration maxOpenDuration, Duration credentialsRetryInterval) {

        public Settings {
            if (failureThreshold < 1) {
                throw new IllegalArgumentException("failure threshold must be at least 1: " + failureThreshold);
            }
            requirePositive(openDuration, "open duration");
            requirePositive(maxOpenDuration, "max open duration");
            requirePositive(credentialsRetryInterval, "credentials retry interval");
            if (maxOpenDuration.compareTo(openDuration) < 0) {
                throw new IllegalArgumentException("max open duration " + maxOpenDuration
                        + " must not be shorter than the open duration " + openDuration);
            }
        }

        private static void requirePositive(Duration duration, String what) {
            Objects.requireNonNull(duration, what);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + duration);
            }
        }
    }

    private final Settings settings;
    private final InstantSource clock;
    private final Counter credentialsRejected;
    private final CircuitLog log;
    private final Object lock = new Object();

    // Guarded by lock.
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Duration openFor;
    /** OPEN: when it half-opens. SUSPENDED: when the next probe may start. */
    private Instant until;
    /** HALF_OPEN and SUSPENDED: when the probe in flight started, or null when none is. */
    private Instant probeStartedAt;

    public ProviderCircuit(String provider, Settings settings, InstantSource clock, MeterRegistry registry) {
        Objects.requireNonNull(provider, "provider");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.openFor = settings.openDuration();
        this.log = new CircuitLog(provider, settings);
        this.credentialsRejected = Counter.builder("mailing.provider.credentials.rejected")
                .description("Attempts the provider answered with HTTP 401 or 403")
                .tag("provider", provider)
                .register(registry);
        Gauge.builder(
                        "mailing.provider.circuit.state",
                        this,
                        circuit -> circuit.state().gaugeValue())
                .description("Provider circuit: 0 closed, 1 half-open, 2 open, 3 suspended")
                .tag("provider", provider)
                .strongReference(true)
                .register(registry);
    }

    /** Whether an attempt may start now. Every {@code true} must be followed by exactly one {@link #onResult}. */
    public boolean tryAcquirePermission() {
        Change change;
        boolean permitted;
        synchronized (lock) {
            Instant now = clock.instant();
            change = halfOpenIfDue(now);
            permitted = switch (state) {
                case CLOSED -> true;
                case OPEN -> false;
                case HALF_OPEN -> startProbeUnlessOneInFlight(now, openFor);
                case SUSPENDED -> startCredentialsProbeIfDue(now);
            };
        }
        log.changed(change, null);
        return permitted;
    }

    /** Takes the outcome of an attempt that {@link #tryAcquirePermission()} let through. */
    public void onResult(AttemptResult result) {
        Objects.requireNonNull(result, "result");
        Health health = Health.of(result);
        if (health == Health.CREDENTIALS_REFUSED) {
            credentialsRejected.increment();
        }
        Change halfOpened;
        Change change;
        synchronized (lock) {
            Instant now = clock.instant();
            halfOpened = halfOpenIfDue(now);
            change = judge(health, now);
        }
        log.changed(halfOpened, null);
        log.changed(change, result);
    }

    /** The current state; an open circuit whose open duration has passed reports {@link State#HALF_OPEN}. */
    public State state() {
        Change change;
        State current;
        synchronized (lock) {
            change = halfOpenIfDue(clock.instant());
            current = state;
        }
        log.changed(change, null);
        return current;
    }

    private Change judge(Health health, Instant now) {
        boolean probe = probeStartedAt != null;
        if (health == Health.CREDENTIALS_REFUSED) {
            probeStartedAt = null;
            if (state == State.SUSPENDED) {
                return null;
            }
            State from = state;
            state = State.SUSPENDED;
            until = now.plus(settings.credentialsRetryInterval());
            consecutiveFailures = 0;
            return new Change(from, State.SUSPENDED, null);
        }
        switch (state) {
            case CLOSED:
                if (health == Health.UP) {
                    consecutiveFailures = 0;
                    return null;
                }
                if (++consecutiveFailures < settings.failureThreshold()) {
                    return null;
                }
                return open(State.CLOSED, settings.openDuration(), now);
            case HALF_OPEN:
            case SUSPENDED:
                if (!probe) {
                    return null; // a straggler
                }
                probeStartedAt = null;
                if (health == Health.UP) {
                    State from = state;
                    state = State.CLOSED;
                    consecutiveFailures = 0;
                    return new Change(from, State.CLOSED, null);
                }
                Duration next = state == State.HALF_OPEN
                        ? min(openFor.multipliedBy(2), settings.maxOpenDuration())
                        : settings.openDuration();
                return open(state, next, now);
            case OPEN:
            default:
                return null; // a straggler
        }
    }

    /** Every opening but a failed half-open probe's starts from {@code openDuration}: the doubling resets. */
    private Change open(State from, Duration duration, Instant now) {
        state = State.OPEN;
        openFor = duration;
        until = now.plus(duration);
        consecutiveFailures = 0;
        probeStartedAt = null;
        return new Change(from, State.OPEN, duration);
    }

    private Change halfOpenIfDue(Instant now) {
        if (state != State.OPEN || now.isBefore(until)) {
            return null;
        }
        state = State.HALF_OPEN;
        probeStartedAt = null;
        return new Change(State.OPEN, State.HALF_OPEN, openFor);
    }

    private boolean startProbeUnlessOneInFlight(Instant now, Duration presumedLostAfter) {
        if (probeStartedAt != null && now.isBefore(probeStartedAt.plus(presumedLostAfter))) {
            return false;
        }
        probeStartedAt = now;
        return true;
    }

    private boolean startCredentialsProbeIfDue(Instant now) {
        if (now.isBefore(until)) {
            return false;
        }
        // One per interval, measured from probe start: an unanswered probe is presumed lost when the next is due.
        probeStartedAt = now;
        until = now.plus(settings.credentialsRetryInterval());
        return true;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private enum Health {
        UP,
        UNWELL,
        CREDENTIALS_REFUSED;

        static Health of(AttemptResult result) {
            if (!(result instanceof AttemptResult.Failed failed)) {
                return UP;
            }
            ErrorKind kind = Objects.requireNonNull(failed.kind(), "kind");
            switch (kind) {
                case UNAUTHORIZED:
                    return CREDENTIALS_REFUSED;
                case PROVIDER_REJECTED:
                case CLIENT_ERROR:
                    return UP;
                case TIMEOUT:
                case CONNECTION_FAILED:
                case SERVER_ERROR:
                case RATE_LIMITED:
                case MALFORMED_RESPONSE:
                default:
                    return UNWELL;
            }
        }
    }

    /** A change of state: from, to, and how long the circuit stays open (or stayed, when it half-opens). */
    record Change(State from, State to, Duration duration) {}
}

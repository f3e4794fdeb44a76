package io.mailing.sending.provider;

import io.mailing.sending.message.AttemptResult;
import io.mailing.sending.provider.ProviderCircuit.State;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the operator reads about a {@link ProviderCircuit}: one line per change of its state, WARN when it opens,
 * ERROR when it suspends (the provider refused our credentials: the line says which setting to check), INFO when it
 * half-opens or closes. The circuit keeps the state machine; this class only words its changes.
 */
final class CircuitLog {

    private static final Logger log = LoggerFactory.getLogger(CircuitLog.class);

    private final String provider;
    private final ProviderCircuit.Settings settings;

    CircuitLog(String provider, ProviderCircuit.Settings settings) {
        this.provider = provider;
        this.settings = settings;
    }

    /**
     * Logs a change of the circuit's state, if there was one.
     *
     * @param cause the result that made it, if a result did: a failure's kind and detail go into the line
     */
    void changed(ProviderCircuit.Change change, AttemptResult cause) {
        if (change == null) {
            return;
        }
        String because = cause instanceof AttemptResult.Failed failed
                ? " (last result: " + failed.kind() + " " + failed.detail() + ")"
                : "";
        switch (change.to()) {
            case OPEN ->
                log.warn(
                        "provider {} circuit open for {}: {}{}; no attempts until then",
                        provider,
                        human(change.duration()),
                        switch (change.from()) {
                            case CLOSED -> settings.failureThreshold() + " consecutive failed attempts";
                            case HALF_OPEN -> "the probe attempt failed";
                            default -> "the credentials probe got through but failed";
                        },
                        because);
            case HALF_OPEN ->
                log.info(
                        "provider {} circuit half-open after {}: letting one probe attempt through",
                        provider,
                        human(change.duration()));
            case SUSPENDED ->
                log.error(
                        "provider {} refused our credentials (HTTP 401/403): sending is suspended and retried every {};"
                                + " check mailing.provider.token{}",
                        provider,
                        human(settings.credentialsRetryInterval()),
                        because);
            case CLOSED ->
                log.info(
                        change.from() == State.SUSPENDED
                                ? "provider {} accepted our credentials again: circuit closed, sending resumed"
                                : "provider {} answers again: circuit closed, sending resumed",
                        provider);
        }
    }

    /** A duration as an operator writes it: {@code 250ms}, {@code 15s}, {@code 1m30s}, {@code 5m}, {@code 1h}. */
    static String human(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds >= 60 ? seconds / 60 + "m" + seconds % 60 + "s" : seconds + "s";
    }
}

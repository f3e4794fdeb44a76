package io.mailing.simulator;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a {@link ProviderSimulator} starts with.
 *
 * @param host the address to listen on, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the port to listen on; 0 for any free port
 * @param token the bearer token calls to {@code /v1/send} must carry
 * @param behaviour latency and failures, changeable later with {@link ProviderSimulator#behave}
 * @param recordCalls whether to keep every call (msgId, phone, text, time, outcome); when false only the counters
 *     are kept, per msgId included, so {@link ProviderSimulator#stats()} stays complete
 */
public record SimulatorSettings(String host, int port, String token, Behaviour behaviour, boolean recordCalls) {

    /** The token of {@link #defaults()} and of the standalone simulator unless {@code SIMULATOR_TOKEN} is set. */
    public static final String DEFAULT_TOKEN = "simulator-token";

    /** Validates every field. */
    public SimulatorSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, was " + port);
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token must not be blank");
        }
        Objects.requireNonNull(behaviour, "behaviour must not be null");
    }

    /** Loopback, any free port, {@value #DEFAULT_TOKEN}, {@link Behaviour#healthy()}, calls recorded: for tests. */
    public static SimulatorSettings defaults() {
        return new SimulatorSettings("127.0.0.1", 0, DEFAULT_TOKEN, Behaviour.healthy(), true);
    }

    /**
     * Reads the standalone simulator's environment variables; an unset or blank variable takes its default.
     *
     * <table>
     *   <caption>Environment variables</caption>
     *   <tr><th>variable</th><th>default</th></tr>
     *   <tr><td>{@code SIMULATOR_HOST}</td><td>{@code 0.0.0.0}</td></tr>
     *   <tr><td>{@code SIMULATOR_PORT}</td><td>{@code 8090}</td></tr>
     *   <tr><td>{@code SIMULATOR_TOKEN}</td><td>{@value #DEFAULT_TOKEN}</td></tr>
     *   <tr><td>{@code SIMULATOR_LATENCY} (ms)</td><td>{@code 0}</td></tr>
     *   <tr><td>{@code SIMULATOR_LATENCY_JITTER} (ms)</td><td>{@code 0}</td></tr>
     *   <tr><td>{@code SIMULATOR_FAILURE_RATE} (0..1)</td><td>{@code 0}</td></tr>
     *   <tr><td>{@code SIMULATOR_FAILURE_KINDS} (comma list)</td><td>all four</td></tr>
     *   <tr><td>{@code SIMULATOR_TIMEOUT_HOLD} (ms)</td><td>{@code 30000}</td></tr>
     *   <tr><td>{@code SIMULATOR_RECORD_CALLS}</td><td>{@code true}</td></tr>
     * </table>
     *
     * @throws IllegalArgumentException naming the variable and the value at fault
     */
    public static SimulatorSettings fromEnvironment(Map<String, String> env) {
        Environment vars = new Environment(env);
        Behaviour behaviour = new Behaviour(
                vars.millis("SIMULATOR_LATENCY", Duration.ZERO),
                vars.millis("SIMULATOR_LATENCY_JITTER", Duration.ZERO),
                vars.rate("SIMULATOR_FAILURE_RATE"),
                vars.failureKinds("SIMULATOR_FAILURE_KINDS"),
                vars.millis("SIMULATOR_TIMEOUT_HOLD", Behaviour.DEFAULT_TIMEOUT_HOLD));
        return new SimulatorSettings(
                vars.text("SIMULATOR_HOST", "0.0.0.0"),
                vars.port("SIMULATOR_PORT", 8090),
                vars.text("SIMULATOR_TOKEN", DEFAULT_TOKEN),
                behaviour,
                vars.flag("SIMULATOR_RECORD_CALLS", true));
    }

    /** These settings with another host. */
    public SimulatorSettings withHost(String host) {
        return new SimulatorSettings(host, port, token, behaviour, recordCalls);
    }

    /** These settings with another port. */
    public SimulatorSettings withPort(int port) {
        return new SimulatorSettings(host, port, token, behaviour, recordCalls);
    }

    /** These settings with another token. */
    public SimulatorSettings withToken(String token) {
        return new SimulatorSettings(host, port, token, behaviour, recordCalls);
    }

    /** These settings with another behaviour. */
    public SimulatorSettings withBehaviour(Behaviour behaviour) {
        return new SimulatorSettings(host, port, token, behaviour, recordCalls);
    }

    /** These settings recording calls or keeping only the counters. */
    public SimulatorSettings withRecordCalls(boolean recordCalls) {
        return new SimulatorSettings(host, port, token, behaviour, recordCalls);
    }

    @Override
    public String toString() {
        return "SimulatorSettings[host=" + host + ", port=" + port + ", token=***, behaviour=" + behaviour
                + ", recordCalls=" + recordCalls + "]";
    }

    private record Environment(Map<String, String> env) {

        String text(String name, String fallback) {
            String value = env.get(name);
            return value == null || value.isBlank() ? fallback : value.strip();
        }

        int port(String name, int fallback) {
            String value = text(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                int port = Integer.parseInt(value);
                if (port >= 0 && port <= 65_535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw invalid(name, value, "a port number from 0 to 65535");
        }

        Duration millis(String name, Duration fallback) {
            String value = text(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                long millis = Long.parseLong(value);
                if (millis >= 0) {
                    return Duration.ofMillis(millis);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw invalid(name, value, "a whole number of milliseconds, 0 or more");
        }

        double rate(String name) {
            String value = text(name, null);
            if (value == null) {
                return 0;
            }
            try {
                double rate = Double.parseDouble(value);
                if (rate >= 0 && rate <= 1) {
                    return rate;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw invalid(name, value, "a number from 0 to 1");
        }

        Set<FailureKind> failureKinds(String name) {
            String value = text(name, null);
            if (value == null) {
                return EnumSet.allOf(FailureKind.class);
            }
            Set<FailureKind> kinds = EnumSet.noneOf(FailureKind.class);
            for (String item : value.split(",")) {
                String kind = item.strip().toUpperCase(Locale.ROOT);
                if (kind.isEmpty()) {
                    continue;
                }
                try {
                    kinds.add(FailureKind.valueOf(kind));
                } catch (IllegalArgumentException e) {
                    throw invalid(name, value, "a comma-separated list of " + kindNames());
                }
            }
            if (kinds.isEmpty()) {
                throw invalid(name, value, "a comma-separated list of " + kindNames());
            }
            return kinds;
        }

        boolean flag(String name, boolean fallback) {
            String value = text(name, null);
            if (value == null) {
                return fallback;
            }
            if (value.equalsIgnoreCase("true")) {
                return true;
            }
            if (value.equalsIgnoreCase("false")) {
                return false;
            }
            throw invalid(name, value, "true or false");
        }

        private static IllegalArgumentException invalid(String name, String value, String expected) {
            return new IllegalArgumentException(name + " must be " + expected + ", was '" + value + "'");
        }

        private static String kindNames() {
            return Arrays.stream(FailureKind.values()).map(Enum::name).collect(Collectors.joining(", "));
        }
    }
}

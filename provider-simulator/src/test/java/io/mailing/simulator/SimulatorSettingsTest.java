package io.mailing.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulatorSettingsTest {

    @Test
    void anEmptyEnvironmentGivesTheDefaults() {
        SimulatorSettings settings = SimulatorSettings.fromEnvironment(Map.of());

        assertThat(settings)
                .isEqualTo(new SimulatorSettings("0.0.0.0", 8090, "simulator-token", Behaviour.healthy(), true));
    }

    @Test
    void readsEveryVariable() {
        SimulatorSettings settings = SimulatorSettings.fromEnvironment(Map.of(
                "SIMULATOR_HOST", "127.0.0.1",
                "SIMULATOR_PORT", "9999",
                "SIMULATOR_TOKEN", "s3cret",
                "SIMULATOR_LATENCY", "200",
                "SIMULATOR_LATENCY_JITTER", "50",
                "SIMULATOR_FAILURE_RATE", "0.25",
                "SIMULATOR_FAILURE_KINDS", " timeout, RATE_LIMITED ,",
                "SIMULATOR_TIMEOUT_HOLD", "1500",
                "SIMULATOR_RECORD_CALLS", "FALSE"));

        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(9999);
        assertThat(settings.token()).isEqualTo("s3cret");
        assertThat(settings.recordCalls()).isFalse();
        assertThat(settings.behaviour())
                .isEqualTo(new Behaviour(
                        Duration.ofMillis(200),
                        Duration.ofMillis(50),
                        0.25,
                        EnumSet.of(FailureKind.TIMEOUT, FailureKind.RATE_LIMITED),
                        Duration.ofMillis(1500)));
    }

    @Test
    void aBlankVariableCountsAsUnset() {
        SimulatorSettings settings =
                SimulatorSettings.fromEnvironment(Map.of("SIMULATOR_PORT", " ", "SIMULATOR_FAILURE_KINDS", ""));

        assertThat(settings.port()).isEqualTo(8090);
        assertThat(settings.behaviour().failureKinds()).containsExactly(FailureKind.values());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SIMULATOR_PORT           | abc          | SIMULATOR_PORT must be a port number from 0 to 65535, was 'abc'",
                "SIMULATOR_PORT           | 70000        | SIMULATOR_PORT must be a port number from 0 to 65535, was '70000'",
                "SIMULATOR_LATENCY        | -5           | SIMULATOR_LATENCY must be a whole number of milliseconds, 0 or more, was '-5'",
                "SIMULATOR_LATENCY        | 1.5          | SIMULATOR_LATENCY must be a whole number of milliseconds, 0 or more, was '1.5'",
                "SIMULATOR_LATENCY_JITTER | soon         | SIMULATOR_LATENCY_JITTER must be a whole number of milliseconds, 0 or more, was 'soon'",
                "SIMULATOR_TIMEOUT_HOLD   | -1           | SIMULATOR_TIMEOUT_HOLD must be a whole number of milliseconds, 0 or more, was '-1'",
                "SIMULATOR_FAILURE_RATE   | 1.5          | SIMULATOR_FAILURE_RATE must be a number from 0 to 1, was '1.5'",
                "SIMULATOR_FAILURE_RATE   | 30%          | SIMULATOR_FAILURE_RATE must be a number from 0 to 1, was '30%'",
                "SIMULATOR_FAILURE_RATE   | NaN          | SIMULATOR_FAILURE_RATE must be a number from 0 to 1, was 'NaN'",
                "SIMULATOR_FAILURE_KINDS  | TIMEOUT,NOPE | SIMULATOR_FAILURE_KINDS must be a comma-separated list of TIMEOUT, SERVER_ERROR, RATE_LIMITED, MALFORMED_BODY, was 'TIMEOUT,NOPE'",
                "SIMULATOR_FAILURE_KINDS  | ' , '        | SIMULATOR_FAILURE_KINDS must be a comma-separated list of TIMEOUT, SERVER_ERROR, RATE_LIMITED, MALFORMED_BODY, was ','",
                "SIMULATOR_RECORD_CALLS   | yes          | SIMULATOR_RECORD_CALLS must be true or false, was 'yes'",
            })
    void refusesAnInvalidValueNamingTheVariable(String variable, String value, String message) {
        assertThatThrownBy(() -> SimulatorSettings.fromEnvironment(Map.of(variable, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void keepsTheTokenOutOfItsToString() {
        assertThat(SimulatorSettings.defaults().withToken("s3cret").toString()).doesNotContain("s3cret");
    }
}

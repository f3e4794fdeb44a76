package io.mailing.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.BindException;
import org.junit.jupiter.api.Test;

class LifecycleIT {

    @Test
    void listensOnLoopbackAtAFreePortWhenAskedForPortZero() {
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorSettings.defaults())) {
            assertThat(simulator.port()).isPositive();
            assertThat(simulator.baseUrl()).hasToString("http://127.0.0.1:" + simulator.port());
            assertThat(new SimulatorClient(simulator.baseUrl()).send(1).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void listeningOnAllAddressesIsReachedThroughLoopback() {
        try (ProviderSimulator simulator =
                ProviderSimulator.start(SimulatorSettings.defaults().withHost("0.0.0.0"))) {
            assertThat(simulator.baseUrl()).hasToString("http://127.0.0.1:" + simulator.port());
            assertThat(new SimulatorClient(simulator.baseUrl()).send(1).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void refusesAPortThatIsTaken() {
        try (ProviderSimulator first = ProviderSimulator.start(SimulatorSettings.defaults())) {
            SimulatorSettings samePort = SimulatorSettings.defaults().withPort(first.port());

            assertThatThrownBy(() -> ProviderSimulator.start(samePort))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessage("cannot listen on 127.0.0.1:" + first.port())
                    .hasCauseInstanceOf(BindException.class);
        }
    }

    @Test
    void closingFreesThePortAndCanBeRepeated() {
        ProviderSimulator simulator = ProviderSimulator.start(SimulatorSettings.defaults());
        int port = simulator.port();

        simulator.close();
        simulator.close();

        try (ProviderSimulator again =
                ProviderSimulator.start(SimulatorSettings.defaults().withPort(port))) {
            assertThat(again.port()).isEqualTo(port);
            assertThat(new SimulatorClient(again.baseUrl()).send(1).statusCode())
                    .isEqualTo(200);
        }
    }
}

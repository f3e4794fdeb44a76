package io.mailing.standalone;

import io.mailing.simulator.ProviderSimulator;
import io.mailing.simulator.SimulatorSettings;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Makes the standalone platform work offline out of the box: unless a provider is configured
 * ({@code PROVIDER_BASE_URL}, i.e. {@code mailing.delivery.provider.base-url}) or {@code mailing.simulator.enabled}
 * is {@code false}, it starts the built-in provider simulator on loopback once the context is prepared ({@link
 * StandIn}) and points delivery at it; a port in use fails the start naming {@code SIMULATOR_PORT}. The simulator's
 * behaviour (latency, failure rate and kinds) comes from its {@code SIMULATOR_*} environment variables, and can be
 * changed at runtime through its {@code PUT /simulator/behaviour}.
 */
class SimulatorEnvironment extends StandIn<ProviderSimulator> {

    static final String ENABLED = "mailing.simulator.enabled";
    static final String PORT = "mailing.simulator.port";
    static final String TOKEN = "mailing.simulator.token";
    static final String BEAN = "providerSimulator";

    private static final String BASE_URL = "mailing.delivery.provider.base-url";

    SimulatorEnvironment(DeferredLogFactory logs) {
        super(logs.getLog(SimulatorEnvironment.class), ENABLED, BEAN);
    }

    @Override
    String configuredInstead(ConfigurableEnvironment environment) {
        String configured = environment.getProperty(BASE_URL);
        return StringUtils.hasText(configured)
                ? "Delivering to the configured provider " + configured + "; no simulator"
                : null;
    }

    @Override
    ProviderSimulator start(ConfigurableEnvironment environment) {
        SimulatorSettings settings = SimulatorSettings.fromEnvironment(System.getenv())
                .withHost("127.0.0.1")
                .withPort(environment.getProperty(PORT, Integer.class, 8090))
                .withToken(environment.getProperty(TOKEN, SimulatorSettings.DEFAULT_TOKEN));
        ProviderSimulator simulator;
        try {
            simulator = ProviderSimulator.start(settings);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException(
                    "The provider simulator cannot listen on " + settings.host() + ":"
                            + settings.port() + " (" + e.getCause().getMessage()
                            + "): choose another port with SIMULATOR_PORT"
                            + " (" + PORT
                            + ", 0 = any free port), or deliver to a real provider with PROVIDER_BASE_URL, or"
                            + " turn the simulator off with SIMULATOR_ENABLED=false (" + ENABLED + ")",
                    e);
        }
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "providerSimulator",
                        Map.of(
                                BASE_URL,
                                simulator.baseUrl().toString(),
                                "mailing.delivery.provider.token",
                                settings.token())));
        log.info("Delivering to the built-in provider simulator at " + simulator.baseUrl()
                + " (GET " + simulator.baseUrl() + "/simulator/stats); set PROVIDER_BASE_URL and PROVIDER_TOKEN to"
                + " deliver to a real provider");
        return simulator;
    }

    @Override
    void stop(ProviderSimulator running) {
        running.close();
    }
}

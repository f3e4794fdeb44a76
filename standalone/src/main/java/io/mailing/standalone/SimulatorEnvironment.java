package io.mailing.standalone;

import io.mailing.simulator.ProviderSimulator;
import io.mailing.simulator.SimulatorSettings;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Makes the standalone platform work offline out of the box: unless a provider is configured
 * ({@code PROVIDER_BASE_URL}, i.e. {@code mailing.delivery.provider.base-url}) or {@code mailing.simulator.enabled}
 * is {@code false}, it starts the built-in provider simulator on loopback once the context is prepared ({@link
 * StartWithContext}) and points delivery at it; a port in use fails the start naming {@code SIMULATOR_PORT}. The simulator's behaviour (latency, failure rate and kinds) comes from its {@code SIMULATOR_*} environment
 * variables, and can be changed at runtime through its {@code PUT /simulator/behaviour}.
 */
class SimulatorEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String ENABLED = "mailing.simulator.enabled";
    static final String PORT = "mailing.simulator.port";
    static final String TOKEN = "mailing.simulator.token";
    static final String BEAN = "providerSimulator";

    private static final String BASE_URL = "mailing.delivery.provider.base-url";

    private final Log log;

    SimulatorEnvironment(DeferredLogFactory logs) {
        this.log = logs.getLog(SimulatorEnvironment.class);
    }

    /**
     * After the config data and the platform's defaults are loaded, so a provider configured in either (e.g. by
     * {@code PROVIDER_BASE_URL}, which only the defaults map to the property) is seen.
     */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty(ENABLED, Boolean.class, true)) {
            return;
        }
        String configured = environment.getProperty(BASE_URL);
        if (StringUtils.hasText(configured)) {
            log.info("Delivering to the configured provider " + configured + "; no simulator");
            return;
        }
        application.addListeners(new StartWithContext<>(BEAN, () -> start(environment), ProviderSimulator::close));
    }

    private ProviderSimulator start(ConfigurableEnvironment environment) {
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
}

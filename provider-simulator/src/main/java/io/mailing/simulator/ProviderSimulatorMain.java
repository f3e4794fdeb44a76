package io.mailing.simulator;

import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;

/**
 * Runs the simulator on its own, configured by environment variables (see {@link
 * SimulatorSettings#fromEnvironment}); it stops on SIGTERM or Ctrl-C. Exits with status 2 on a bad setting and 1 if
 * it cannot listen.
 */
public final class ProviderSimulatorMain {

    private ProviderSimulatorMain() {}

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        }
        System.Logger log = System.getLogger(ProviderSimulatorMain.class.getName());
        SimulatorSettings settings;
        try {
            settings = SimulatorSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            log.log(Level.ERROR, "Invalid setting: " + e.getMessage());
            System.exit(2);
            return;
        }
        ProviderSimulator simulator;
        try {
            simulator = ProviderSimulator.start(settings);
        } catch (UncheckedIOException e) {
            log.log(Level.ERROR, e.getMessage() + ": " + e.getCause().getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "provider-simulator-shutdown"));
        log.log(
                Level.INFO,
                "Provider simulator listening on http://" + settings.host() + ":" + simulator.port()
                        + " (POST /v1/send/{msgId}, admin /simulator/*), behaviour " + simulator.behaviour()
                        + ", recordCalls=" + settings.recordCalls());
    }
}

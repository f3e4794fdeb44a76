package io.mailing.simulator;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test a simulator of its own with the default settings, and a client of its HTTP API, as parameters of the
 * test class's constructor or of the test method: {@code @ExtendWith(RunningSimulator.class)}. The simulator is closed
 * when the test ends.
 */
final class RunningSimulator implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RunningSimulator.class);

    /** The constructor's parameters are resolved for the test method, so each test gets its own simulator. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ProviderSimulator.class || type == SimulatorClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running running =
                context.getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class);
        return parameter.getParameter().getType() == ProviderSimulator.class ? running.simulator() : running.client();
    }

    private record Running(ProviderSimulator simulator, SimulatorClient client)
            implements ExtensionContext.Store.CloseableResource {

        static Running start() {
            ProviderSimulator simulator = ProviderSimulator.start(SimulatorSettings.defaults());
            return new Running(simulator, new SimulatorClient(simulator.baseUrl()));
        }

        @Override
        public void close() {
            simulator.close();
        }
    }
}

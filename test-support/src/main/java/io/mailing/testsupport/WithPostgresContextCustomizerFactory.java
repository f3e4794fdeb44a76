package io.mailing.testsupport;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Points the context of a {@link WithPostgres} test class at a database created for that class alone. */
class WithPostgresContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        if (!TestContextAnnotationUtils.hasAnnotation(testClass, WithPostgres.class)) {
            return null;
        }
        return new DatabasePerClass(testClass.getName());
    }

    /** Equal only for the same test class, so the context cache never shares a context across classes. */
    private static final class DatabasePerClass implements ContextCustomizer {

        private final String testClass;

        DatabasePerClass(String testClass) {
            this.testClass = testClass;
        }

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            String simpleName = testClass.substring(testClass.lastIndexOf('.') + 1);
            TestDatabase database = TestDatabases.create(simpleName);
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "withPostgres",
                            Map.of(
                                    "spring.datasource.url", database.jdbcUrl(),
                                    "spring.datasource.username", database.username(),
                                    "spring.datasource.password", database.password())));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof DatabasePerClass that && testClass.equals(that.testClass);
        }

        @Override
        public int hashCode() {
            return Objects.hash(testClass);
        }
    }
}

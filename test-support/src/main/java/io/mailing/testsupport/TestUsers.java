package io.mailing.testsupport;

import io.mailing.platform.security.Role;
import io.mailing.platform.security.TokenIssuer;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.boot.web.client.RestTemplateCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Security for every Spring test context: a test signing secret and two users, {@value #ADMIN} (password
 * {@value #ADMIN_PASSWORD}, role ADMIN) and {@value #VIEWER} (password {@value #VIEWER_PASSWORD}, role VIEWER), and
 * a {@code TestRestTemplate} that sends an ADMIN bearer token with every request that carries no
 * {@code Authorization} header of its own. So a test of what the API does is not also a test of logging in; the
 * security tests call the API with a client of their own.
 */
public final class TestUsers implements ContextCustomizerFactory {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-password";
    public static final String VIEWER = "viewer";
    public static final String VIEWER_PASSWORD = "viewer-password";
    public static final String SECRET = "test-secret-for-integration-tests-only-0123456789";
    /** Whom the {@code TestRestTemplate}'s token names. */
    public static final String TOKEN_SUBJECT = "test-admin";

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return new Customizer();
    }

    /** The same for every test class, so it never splits the context cache. */
    private static final class Customizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            TestPropertyValues.of(
                            "mailing.security.jwt-secret=" + SECRET,
                            "mailing.security.users[0].username=" + ADMIN,
                            "mailing.security.users[0].password-hash="
                                    + "$2a$04$yPc7ASaBZMn5.xRtQ6wIaemF3M3nJ.OLJrDmeBr6E6QXQMIeyIeFS",
                            "mailing.security.users[0].roles[0]=ADMIN",
                            "mailing.security.users[1].username=" + VIEWER,
                            "mailing.security.users[1].password-hash="
                                    + "$2a$04$sDmAQb0uinJnKPAJ6aaDxeqCdVkSPO7.0lUFTA9/kZY8SMNLvKKlK",
                            "mailing.security.users[1].roles[0]=VIEWER")
                    .applyTo(context);
            RestTemplateCustomizer adminToken =
                    restTemplate -> restTemplate.getInterceptors().add((request, body, execution) -> {
                        if (!request.getHeaders().containsKey(HttpHeaders.AUTHORIZATION)) {
                            request.getHeaders()
                                    .setBearerAuth(context.getBean(TokenIssuer.class)
                                            .issue(TOKEN_SUBJECT, List.of(Role.ADMIN)));
                        }
                        return execution.execute(request, body);
                    });
            context.getBeanFactory().registerSingleton("testAdminToken", adminToken);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customizer;
        }

        @Override
        public int hashCode() {
            return Objects.hash(Customizer.class);
        }
    }
}

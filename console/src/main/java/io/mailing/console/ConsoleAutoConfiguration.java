package io.mailing.console;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.server.CookieSameSiteSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The operators' console as a library: server-rendered pages (Thymeleaf, htmx from a WebJar) that reach the
 * platform only through its public HTTP APIs, with the signed-in user's token. The standalone run serves it at
 * {@code /} next to the APIs; {@link ConsoleApplication} runs it alone.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
// The console's own main stays out: its chain for the process's probes would take the platform's paths in standalone.
@ComponentScan(
        basePackageClasses = ConsoleAutoConfiguration.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = ConsoleApplication.class))
@EnableConfigurationProperties(ConsoleSettings.class)
public class ConsoleAutoConfiguration {

    /** The session cookie is HttpOnly already (the servlet container's default); not sent along by other sites. */
    @Bean
    CookieSameSiteSupplier consoleSessionCookieSameSite() {
        return CookieSameSiteSupplier.ofLax().whenHasName("JSESSIONID");
    }
}

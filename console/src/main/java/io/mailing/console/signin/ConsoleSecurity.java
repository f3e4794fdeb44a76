package io.mailing.console.signin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.console.ConsoleSettings;
import io.mailing.console.platform.PlatformClient;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The console's own security, a session-based filter chain for the console's paths only, ahead of the APIs'
 * stateless bearer-token chain, which keeps every other path ({@code /api/**}, {@code /actuator/**}, the API
 * documentation) exactly as it was. Sign-in is a form whose credentials go to the platform's token endpoint
 * ({@link PlatformSignIn}) or, when a client registration names one, an OpenID Connect provider
 * ({@link ProviderSignIn}); either way the token stays in the server-side session. Every form carries a CSRF token,
 * reading needs VIEWER or ADMIN (but the {@link #ADMIN_PAGES} ADMIN) and anything else ADMIN (the platform checks
 * again with the token), and the pages may load nothing but this server's own scripts and styles.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

    /** Where a "Sign in with …" link leads: on to the provider, with this registration's id at the end. */
    static final String PROVIDER_SIGN_IN = "/oauth2/authorization/*";

    /** Where the provider sends the browser back (Spring Security's redirect URI for a registration). */
    static final String PROVIDER_ANSWER = "/login/oauth2/code/*";

    /** Every path the console serves; nothing else is the console's business. */
    static final String[] PAGES = {
        "/",
        "/dashboard/**",
        "/sign-in",
        "/sign-out",
        "/no-access",
        "/mailouts",
        "/mailouts/**",
        "/messages/**",
        "/customers",
        "/customers/**",
        "/opt-outs",
        "/opt-outs/**",
        "/audit",
        "/audit/**",
        "/dead-letters",
        "/dead-letters/**",
        PROVIDER_SIGN_IN,
        PROVIDER_ANSWER
    };

    /** Pages only an ADMIN may open: the forms that change things, and the dead letters. */
    static final String[] ADMIN_PAGES = {
        "/mailouts/new",
        "/mailouts/*/edit",
        "/customers/new",
        "/customers/import",
        "/customers/import/**",
        "/customers/*/edit",
        "/customers/*/remove",
        "/opt-outs/import",
        "/opt-outs/remove",
        "/dead-letters",
        "/dead-letters/**"
    };

    static final String[] ASSETS = {"/console/**", "/webjars/**"};

    static final String POLICY =
            "default-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self';" + " form-action 'self'";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 100)
    SecurityFilterChain consoleFilterChain(
            HttpSecurity http,
            PlatformClient platform,
            ConsoleSettings settings,
            ObjectMapper json,
            ObjectProvider<ClientRegistrationRepository> providers)
            throws Exception {
        AccessDeniedHandlerImpl noAccess = new AccessDeniedHandlerImpl();
        noAccess.setErrorPage("/no-access");
        http.securityMatcher(Stream.of(PAGES, ASSETS).flatMap(Stream::of).toArray(String[]::new))
                .authorizeHttpRequests(
                        requests -> requests.dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR)
                                .permitAll()
                                .requestMatchers(ASSETS)
                                .permitAll()
                                .requestMatchers("/sign-in", PROVIDER_SIGN_IN, PROVIDER_ANSWER)
                                .permitAll()
                                .requestMatchers("/no-access", "/sign-out")
                                .authenticated()
                                .requestMatchers(ADMIN_PAGES)
                                .hasRole(Roles.ADMIN)
                                .requestMatchers(HttpMethod.GET, "/**")
                                .hasAnyRole(Roles.VIEWER, Roles.ADMIN)
                                .anyRequest()
                                .hasRole(Roles.ADMIN))
                .formLogin(form ->
                        form.loginPage("/sign-in").defaultSuccessUrl("/", true).failureUrl("/sign-in?error"))
                .logout(logout -> logout.logoutUrl("/sign-out").logoutSuccessUrl("/sign-in?signed-out"))
                .authenticationProvider(new PlatformSignIn(platform, json, Clock.systemUTC()))
                .addFilterBefore(new ExpiredSignIns(Clock.systemUTC()), AuthorizationFilter.class)
                .exceptionHandling(errors -> errors.accessDeniedHandler(noAccess))
                .headers(headers -> headers.contentSecurityPolicy(policy -> policy.policyDirectives(POLICY))
                        .referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        ClientRegistrationRepository registrations = providers.getIfAvailable();
        if (registrations != null) {
            ProviderSignIn.enable(http, registrations, settings.rolesClaim(), json);
        }
        return http.build();
    }
}

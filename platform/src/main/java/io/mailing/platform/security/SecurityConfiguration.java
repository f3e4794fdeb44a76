package io.mailing.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.oauth2.client.OAuth2ClientProperties;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CompositeHeaderWriter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Every service is an OAuth2 resource server: each API call needs a bearer token, from the built-in token endpoint
 * (HS256, {@code JWT_SECRET}) or from an external OAuth2/OIDC issuer configured by Spring Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri} (Keycloak, Auth0, …), or, under
 * {@code mailing.security.trust-client-issuers}, from the issuer of an OpenID Connect client registered in the same
 * process for that client ({@link ClientIssuers}: the console's provider sign-in). Reading
 * ({@code GET}) needs {@code VIEWER} or {@code ADMIN}, sending a one-off message {@code SENDER} or {@code ADMIN},
 * everything else {@code ADMIN}. The API documentation, health,
 * info and the Prometheus scrape are open. A service with neither a secret nor an external issuer refuses to start.
 * A context without a web server (a test of the event flow alone) has nothing to protect and gets none of this.
 */
@AutoConfiguration(
        before = {
            SecurityAutoConfiguration.class,
            OAuth2ResourceServerAutoConfiguration.class,
            UserDetailsServiceAutoConfiguration.class
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({
    SecuritySettings.class,
    OAuth2ResourceServerProperties.class,
    OAuth2ClientProperties.class
})
@Import(TokenController.class)
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** Sent with every answer; on errors that the security filters never saw as well. */
    public static final ReferrerPolicyHeaderWriter.ReferrerPolicy REFERRER_POLICY =
            ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER;

    /** How many user names and, apart, how many addresses the login throttle tracks at most. */
    static final int LOGIN_TRACKING_CAPACITY = 10_000;

    /** The API answers JSON only: nothing in it may load, run or frame anything. */
    public static final String API_POLICY =
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /**
     * Swagger UI loads its scripts, styles and images from this server, calls the API with {@code fetch}, and sets
     * inline styles; its icons are {@code data:} images.
     */
    static final String DOCS_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'self';"
            + " form-action 'self'";

    private static final String[] DOCS = {"/docs", "/docs/**", "/swagger-ui.html", "/swagger-ui/**"};

    /** Where applications send one-off messages: the one thing a {@code SENDER} may do. */
    static final String ONE_OFF_MESSAGES = "/api/v1/messages";

    /**
     * Small pages for people without an account, opened by a signed link (an e-mail's unsubscribe link): open to
     * all, the link is the authority.
     */
    private static final String[] PUBLIC_PAGES = {"/unsubscribe/**"};

    /** A public page is plain HTML with inline styles and a form that posts back to itself. */
    static final String PUBLIC_PAGE_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static final String[] OPEN = {
        "/docs",
        "/docs/**",
        "/swagger-ui.html",
        "/swagger-ui/**",
        "/v3/api-docs",
        "/v3/api-docs/**",
        "/actuator/health",
        "/actuator/health/**",
        "/actuator/info",
        "/actuator/prometheus",
        "/error"
    };

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ObjectMapper json, SecuritySettings settings) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests.requestMatchers(OPEN)
                        .permitAll()
                        .requestMatchers(PUBLIC_PAGES)
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/auth/token")
                        .permitAll()
                        .requestMatchers("/api/v1/admin/dead-letters", "/api/v1/admin/dead-letters/**")
                        .hasRole(Role.ADMIN.name())
                        .requestMatchers(HttpMethod.POST, ONE_OFF_MESSAGES)
                        .hasAnyRole(Role.SENDER.name(), Role.ADMIN.name())
                        .requestMatchers(HttpMethod.GET, "/api/**")
                        .hasAnyRole(Role.VIEWER.name(), Role.ADMIN.name())
                        .requestMatchers(HttpMethod.HEAD, "/api/**")
                        .hasAnyRole(Role.VIEWER.name(), Role.ADMIN.name())
                        .anyRequest()
                        .hasRole(Role.ADMIN.name()))
                .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.jwtAuthenticationConverter(roles(settings)))
                        .authenticationEntryPoint(ProblemResponses.unauthorized(json))
                        .accessDeniedHandler(ProblemResponses.forbidden(json)))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(ProblemResponses.unauthorized(json))
                        .accessDeniedHandler(ProblemResponses.forbidden(json)))
                .headers(headers -> headers.referrerPolicy(referrer -> referrer.policy(REFERRER_POLICY))
                        .addHeaderWriter(contentSecurityPolicy()));
        return http.build();
    }

    private static HeaderWriter contentSecurityPolicy() {
        RequestMatcher docs = anyOf(DOCS);
        RequestMatcher pages = anyOf(PUBLIC_PAGES);
        return new CompositeHeaderWriter(List.of(
                new DelegatingRequestMatcherHeaderWriter(docs, new ContentSecurityPolicyHeaderWriter(DOCS_POLICY)),
                new DelegatingRequestMatcherHeaderWriter(
                        pages, new ContentSecurityPolicyHeaderWriter(PUBLIC_PAGE_POLICY)),
                new DelegatingRequestMatcherHeaderWriter(
                        new NegatedRequestMatcher(new OrRequestMatcher(docs, pages)),
                        new ContentSecurityPolicyHeaderWriter(API_POLICY))));
    }

    private static RequestMatcher anyOf(String[] patterns) {
        return new OrRequestMatcher(Arrays.stream(patterns)
                .<RequestMatcher>map(PathPatternRequestMatcher.withDefaults()::matcher)
                .toList());
    }

    /**
     * Built-in tokens (HS256, their own {@code iss}) are checked with the secret; a token that names a trusted
     * client's issuer with that issuer's keys and client; any other goes to the external issuer's keys.
     */
    @Bean
    JwtDecoder jwtDecoder(
            SecuritySettings settings, OAuth2ResourceServerProperties resourceServer, OAuth2ClientProperties clients) {
        JwtDecoder builtIn = settings.hasSecret() ? builtInDecoder(settings) : null;
        JwtDecoder external = externalDecoder(resourceServer.getJwt(), audiences(resourceServer.getJwt()));
        ClientIssuers clientIssuers = settings.trustClientIssuers() ? ClientIssuers.of(clients) : ClientIssuers.NONE;
        if (!clientIssuers.issuers().isEmpty()) {
            log.info(
                    "Accepting the tokens of the OpenID Connect clients registered here from {}",
                    clientIssuers.issuers());
        }
        if (builtIn == null && external == null && clientIssuers.issuers().isEmpty()) {
            throw new IllegalStateException("No way to check bearer tokens: set mailing.security.jwt-secret"
                    + " (JWT_SECRET, at least " + SecuritySettings.MIN_SECRET_BYTES + " bytes) for the built-in token"
                    + " endpoint, or spring.security.oauth2.resourceserver.jwt.issuer-uri / jwk-set-uri for an"
                    + " external issuer, or an OpenID Connect client registration with"
                    + " mailing.security.trust-client-issuers");
        }
        JwtDecoder either = token -> {
            JWT parsed = parse(token);
            JwtDecoder decoder = isBuiltIn(parsed)
                    ? builtIn
                    : clientIssuers.decoderFor(issuerOf(parsed)).orElse(external);
            if (decoder == null) {
                throw new BadJwtException("Tokens of this kind are not accepted here");
            }
            return decoder.decode(token);
        };
        return new VerifiedTokens(either, Clock.systemUTC());
    }

    @Bean
    TokenIssuer tokenIssuer(SecuritySettings settings) {
        return new TokenIssuer(settings, Clock.systemUTC());
    }

    @Bean
    LoginThrottle loginThrottle(SecuritySettings settings) {
        return new LoginThrottle(
                settings.maxFailedLogins(),
                settings.maxFailedLoginsPerAddress(),
                settings.lockout(),
                settings.users().stream().map(SecuritySettings.User::username).collect(Collectors.toSet()),
                LOGIN_TRACKING_CAPACITY,
                Clock.systemUTC());
    }

    /** Warns, once the service is up, about credentials only fit for local use. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> insecureCredentialsWarning(SecuritySettings settings) {
        return ready -> {
            BCryptPasswordEncoder passwords = new BCryptPasswordEncoder();
            settings.users().stream()
                    .filter(user -> passwords.matches(user.username(), user.passwordHash()))
                    .forEach(user -> log.warn(
                            "SECURITY: user {} has its user name as password ({} demo credentials); configure"
                                    + " mailing.security.users for anything but local use",
                            user.username(),
                            user.roles()));
        };
    }

    private static JwtDecoder builtInDecoder(SecuritySettings settings) {
        if (settings.secretBytes().length < SecuritySettings.MIN_SECRET_BYTES) {
            throw new IllegalStateException("mailing.security.jwt-secret (JWT_SECRET) must be at least "
                    + SecuritySettings.MIN_SECRET_BYTES + " bytes long");
        }
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(
                        new SecretKeySpec(settings.secretBytes(), "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        // Our issuer is a name, not a URL: left as it is, the default claim conversion tries it as a URL first and
        // throws (and catches) an exception on every request.
        decoder.setClaimSetConverter(MappedJwtClaimSetConverter.withDefaults(Map.of(JwtClaimNames.ISS, iss -> iss)));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefault(), new JwtClaimValidator<String>("iss", settings.tokenIssuer()::equals)));
        return decoder;
    }

    /**
     * The external issuer's decoder: its keys, {@code exp} and {@code nbf}, its {@code iss} when an issuer URI is
     * set, and one of the configured audiences when there are any.
     */
    private static JwtDecoder externalDecoder(
            OAuth2ResourceServerProperties.Jwt jwt, Optional<OAuth2TokenValidator<Jwt>> audiences) {
        boolean hasIssuer = jwt.getIssuerUri() != null && !jwt.getIssuerUri().isBlank();
        NimbusJwtDecoder decoder;
        if (jwt.getJwkSetUri() != null && !jwt.getJwkSetUri().isBlank()) {
            decoder = NimbusJwtDecoder.withJwkSetUri(jwt.getJwkSetUri()).build();
        } else if (hasIssuer) {
            decoder = NimbusJwtDecoder.withIssuerLocation(jwt.getIssuerUri()).build();
        } else {
            return null;
        }
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(
                hasIssuer ? JwtValidators.createDefaultWithIssuer(jwt.getIssuerUri()) : JwtValidators.createDefault());
        audiences.ifPresent(validators::add);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    /** {@code spring.security.oauth2.resourceserver.jwt.audiences}: a token must name at least one of them. */
    private static Optional<OAuth2TokenValidator<Jwt>> audiences(OAuth2ResourceServerProperties.Jwt jwt) {
        List<String> audiences =
                jwt.getAudiences().stream().filter(a -> !a.isBlank()).toList();
        if (audiences.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new JwtClaimValidator<List<String>>(
                JwtClaimNames.AUD, aud -> aud != null && aud.stream().anyMatch(audiences::contains)));
    }

    private static JWT parse(String token) {
        try {
            return JWTParser.parse(token);
        } catch (ParseException e) {
            throw new BadJwtException("Not a JWT", e);
        }
    }

    private static boolean isBuiltIn(JWT token) {
        return MacAlgorithm.HS256
                .getName()
                .equals(token.getHeader().getAlgorithm().getName());
    }

    /** The issuer the token names, not yet checked: it only says whose keys to check it with. */
    private static String issuerOf(JWT token) {
        try {
            return token.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw new BadJwtException("Not a JWT", e);
        }
    }

    /**
     * Roles as {@code ROLE_*}: a built-in token's from its own {@code roles} claim (only the built-in decoder takes
     * HS256), an external token's from the configured roles claim; the principal by name.
     */
    static Converter<Jwt, AbstractAuthenticationToken> roles(SecuritySettings settings) {
        return jwt -> {
            boolean builtIn = MacAlgorithm.HS256
                    .getName()
                    .equals(String.valueOf(jwt.getHeaders().get("alg")));
            String claim = builtIn ? TokenIssuer.ROLES : settings.rolesClaim();
            Collection<GrantedAuthority> authorities = rolesOf(jwt.getClaims(), claim).stream()
                    .map(role -> role.toUpperCase(Locale.ROOT))
                    .filter(role -> Arrays.stream(Role.values())
                            .anyMatch(known -> known.name().equals(role)))
                    .<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role))
                    .toList();
            String principal = jwt.getClaimAsString(settings.principalClaim());
            return new JwtAuthenticationToken(jwt, authorities, principal != null ? principal : jwt.getSubject());
        };
    }

    /**
     * The claim of that exact name if there is one (a namespaced claim such as {@code https://mailing.example/roles}),
     * else the dotted path (such as {@code realm_access.roles}).
     */
    static List<String> rolesOf(Map<String, Object> claims, String claim) {
        Object value = claims;
        if (claims.containsKey(claim)) {
            value = claims.get(claim);
        } else {
            for (String part : claim.split("\\.")) {
                value = value instanceof Map<?, ?> map ? map.get(part) : null;
            }
        }
        return value instanceof Collection<?> roles
                ? roles.stream().map(String::valueOf).toList()
                : List.of();
    }
}

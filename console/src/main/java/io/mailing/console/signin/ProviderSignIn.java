package io.mailing.console.signin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.console.platform.PlatformUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Sign-in through an OpenID Connect provider, one per {@code spring.security.oauth2.client.registration.<id>}:
 * authorization code with PKCE, also for a confidential client. The provider's access token is the bearer token the
 * console sends to the platform (which trusts that issuer, {@code mailing.security.trust-client-issuers}), so it
 * must be a JWT: an opaque one is refused here, with the reason on the sign-in page. Once the provider has signed the
 * user in, the session holds the same {@link PlatformUser} as after a built-in sign-in, with the roles read where the
 * API reads them and the access token's expiry; the token is then in that user only, in the server-side session.
 */
final class ProviderSignIn implements AuthenticationSuccessHandler {

    /** Why an opaque access token cannot be used, as the sign-in page says it. */
    static final String OPAQUE_TOKEN = "The identity provider gave an access token that is not a JWT, which the"
            + " platform cannot check: configure the provider to issue JWT access tokens for this client.";

    private final OAuth2AuthorizedClientRepository clients;
    private final String rolesClaim;
    private final ObjectMapper json;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    private ProviderSignIn(OAuth2AuthorizedClientRepository clients, String rolesClaim, ObjectMapper json) {
        this.clients = clients;
        this.rolesClaim = rolesClaim;
        this.json = json;
    }

    /** Adds the provider sign-in to the console's chain, next to the sign-in form. */
    static void enable(
            HttpSecurity http, ClientRegistrationRepository registrations, String rolesClaim, ObjectMapper json)
            throws Exception {
        DefaultOAuth2AuthorizationRequestResolver withPkce =
                new DefaultOAuth2AuthorizationRequestResolver(registrations, "/oauth2/authorization");
        withPkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        OAuth2AuthorizedClientRepository clients = new HttpSessionOAuth2AuthorizedClientRepository();
        http.oauth2Login(login -> login.loginPage("/sign-in")
                .clientRegistrationRepository(registrations)
                .authorizationEndpoint(authorization -> authorization.authorizationRequestResolver(withPkce))
                .authorizedClientRepository(clients)
                .userInfoEndpoint(users -> users.oidcUserService(jwtAccessTokensOnly(new OidcUserService(), json))
                        .userService(jwtAccessTokensOnly(new DefaultOAuth2UserService(), json)))
                .successHandler(new ProviderSignIn(clients, rolesClaim, json))
                .failureUrl("/sign-in?error"));
    }

    /**
     * The provider's user as {@code users} loads it (OpenID Connect, or plain OAuth2 for a registration without the
     * {@code openid} scope), as long as the access token is one the platform can check.
     */
    static <R extends OAuth2UserRequest, U extends OAuth2User> OAuth2UserService<R, U> jwtAccessTokensOnly(
            OAuth2UserService<R, U> users, ObjectMapper json) {
        return request -> {
            try {
                TokenClaims.of(request.getAccessToken().getTokenValue(), json);
            } catch (IllegalArgumentException opaque) {
                throw new OAuth2AuthenticationException(new OAuth2Error("opaque_access_token"), OPAQUE_TOKEN);
            }
            return users.loadUser(request);
        };
    }

    @Override
    public void onAuthenticationSuccess(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        OAuth2AuthenticationToken signIn = (OAuth2AuthenticationToken) authentication;
        String registration = signIn.getAuthorizedClientRegistrationId();
        OAuth2AuthorizedClient client = clients.loadAuthorizedClient(registration, signIn, request);
        clients.removeAuthorizedClient(registration, signIn, request, response);
        String token = client.getAccessToken().getTokenValue();
        TokenClaims claims = TokenClaims.of(token, json);
        PlatformUser user = new PlatformUser(
                name(signIn),
                claims.roles(rolesClaim),
                token,
                claims.expiresAt().orElse(client.getAccessToken().getExpiresAt()));
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(PlatformSignIn.signedIn(user));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        response.sendRedirect(request.getContextPath() + "/");
    }

    /** The name the provider shows the user by, as the console's header shows it. */
    private static String name(OAuth2AuthenticationToken signIn) {
        return signIn.getPrincipal() instanceof OidcUser user && user.getPreferredUsername() != null
                ? user.getPreferredUsername()
                : signIn.getName();
    }
}

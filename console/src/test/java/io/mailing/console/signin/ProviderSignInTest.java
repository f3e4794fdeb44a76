package io.mailing.console.signin;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;

class ProviderSignInTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void refusesAnOpaqueAccessTokenAndSaysWhy() {
        OidcUserRequest request = new OidcUserRequest(
                registration(),
                new OAuth2AccessToken(
                        OAuth2AccessToken.TokenType.BEARER, "2YotnFZFEjr1zCsicMWpAA", NOW, NOW.plusSeconds(3600)),
                new OidcIdToken("id-token", NOW, NOW.plusSeconds(3600), Map.of("sub", "ann")));

        assertThatThrownBy(() -> ProviderSignIn.jwtAccessTokensOnly(new OidcUserService(), new ObjectMapper())
                        .loadUser(request))
                .isInstanceOf(OAuth2AuthenticationException.class)
                .hasMessage(ProviderSignIn.OPAQUE_TOKEN);
    }

    private static ClientRegistration registration() {
        return ClientRegistration.withRegistrationId("google")
                .clientId("console")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .authorizationUri("https://accounts.example/authorize")
                .tokenUri("https://accounts.example/token")
                .build();
    }
}

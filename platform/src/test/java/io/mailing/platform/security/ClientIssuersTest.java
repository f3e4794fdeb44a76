package io.mailing.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.security.oauth2.client.OAuth2ClientProperties;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/** The issuer of a client registered in the process, trusted for that client's tokens only (a mock issuer). */
class ClientIssuersTest {

    private static final String ISSUER_ID = "corporate";
    private static final String CONSOLE = "mailing-console";
    private static final MockOAuth2Server issuer = new MockOAuth2Server();

    private static ClientIssuers trusted;

    @BeforeAll
    static void startIssuer() {
        issuer.start();
        trusted = ClientIssuers.of(
                clients(Map.of("corporate", issuer.issuerUrl(ISSUER_ID).toString())));
    }

    @AfterAll
    static void stopIssuer() {
        issuer.shutdown();
    }

    @Test
    void acceptsATokenIssuedToTheClientAsAuthorizedParty() {
        String token = token(CONSOLE, null);

        assertThat(decoder().decode(token).getClaimAsString("azp")).isEqualTo(CONSOLE);
    }

    @Test
    void acceptsATokenForTheClientAsAudience() {
        String token = token("another-client", List.of("billing", CONSOLE));

        assertThat(decoder().decode(token).getAudience()).contains(CONSOLE);
    }

    @Test
    void refusesATokenOfAnotherClientOfTheSameIssuer() {
        String token = token("another-client", List.of("billing"));

        assertThatThrownBy(() -> decoder().decode(token))
                .isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("issued to another client");
    }

    @Test
    void trustsOnlyTheIssuersOfRegistrationsWithAnIssuerUri() {
        assertThat(trusted.decoderFor("http://elsewhere.example/")).isEmpty();
        assertThat(trusted.decoderFor(null)).isEmpty();
        assertThat(ClientIssuers.of(clients(Map.of())).issuers()).isEmpty();
    }

    private JwtDecoder decoder() {
        return trusted.decoderFor(issuer.issuerUrl(ISSUER_ID).toString()).orElseThrow();
    }

    private static String token(String clientId, List<String> audience) {
        return issuer.issueToken(
                        ISSUER_ID,
                        clientId,
                        new DefaultOAuth2TokenCallback(
                                ISSUER_ID, "ann", "JWT", audience, Map.of("roles", List.of("ADMIN")), 60))
                .serialize();
    }

    /** A registration of the console's client with the provider of this issuer, or without an issuer URI. */
    private static OAuth2ClientProperties clients(Map<String, String> issuerUris) {
        OAuth2ClientProperties clients = new OAuth2ClientProperties();
        OAuth2ClientProperties.Registration registration = new OAuth2ClientProperties.Registration();
        registration.setClientId(CONSOLE);
        registration.setProvider("corporate");
        clients.getRegistration().put("corporate", registration);
        issuerUris.forEach((name, uri) -> {
            OAuth2ClientProperties.Provider provider = new OAuth2ClientProperties.Provider();
            provider.setIssuerUri(uri);
            clients.getProvider().put(name, provider);
        });
        return clients;
    }
}

package io.mailing.platform.security;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.autoconfigure.security.oauth2.client.OAuth2ClientProperties;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The issuers of the OpenID Connect clients configured in the same process
 * ({@code spring.security.oauth2.client.registration.<id>} with its provider's {@code issuer-uri}), trusted under
 * {@code mailing.security.trust-client-issuers}: the console's provider sign-in sends the provider's access token to
 * the APIs, so configuring the registration is enough. Only that client's tokens are accepted: signed with the
 * issuer's keys (its JWKS, found by OIDC discovery on first use), current, from that issuer, and with the client's id
 * as {@code azp} (authorized party) or in {@code aud}. Another client's tokens from the same issuer are refused.
 */
final class ClientIssuers {

    static final String AUTHORIZED_PARTY = "azp";

    /** Trusting no client's issuer. */
    static final ClientIssuers NONE = new ClientIssuers(Map.of());

    private final Map<String, JwtDecoder> byIssuer;

    private ClientIssuers(Map<String, JwtDecoder> byIssuer) {
        this.byIssuer = byIssuer;
    }

    /** The issuers of these client registrations, each with the ids of its clients; none when there are none. */
    static ClientIssuers of(OAuth2ClientProperties clients) {
        Map<String, Set<String>> clientIds = new LinkedHashMap<>();
        clients.getRegistration().forEach((id, registration) -> {
            String provider = registration.getProvider() != null ? registration.getProvider() : id;
            OAuth2ClientProperties.Provider settings = clients.getProvider().get(provider);
            if (settings != null
                    && settings.getIssuerUri() != null
                    && !settings.getIssuerUri().isBlank()) {
                clientIds
                        .computeIfAbsent(settings.getIssuerUri(), issuer -> new HashSet<>())
                        .add(registration.getClientId());
            }
        });
        Map<String, JwtDecoder> byIssuer = new LinkedHashMap<>();
        clientIds.forEach((issuer, ids) -> byIssuer.put(issuer, decoder(issuer, ids)));
        return new ClientIssuers(byIssuer);
    }

    /** The decoder for tokens that name this issuer, if it is a trusted client's. */
    Optional<JwtDecoder> decoderFor(String issuer) {
        return Optional.ofNullable(issuer).map(byIssuer::get);
    }

    Set<String> issuers() {
        return byIssuer.keySet();
    }

    private static JwtDecoder decoder(String issuer, Set<String> clientIds) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(issuer), issuedTo(Set.copyOf(clientIds))));
        return decoder;
    }

    /** The token was issued to one of these clients: its {@code azp} or one of its audiences names it. */
    private static OAuth2TokenValidator<Jwt> issuedTo(Set<String> clientIds) {
        OAuth2Error notOurs =
                new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "The token was issued to another client", null);
        return jwt -> {
            List<String> audiences = jwt.getClaimAsStringList(JwtClaimNames.AUD);
            boolean ours = clientIds.contains(jwt.getClaimAsString(AUTHORIZED_PARTY))
                    || (audiences != null && audiences.stream().anyMatch(clientIds::contains));
            return ours ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(notOurs);
        };
    }
}

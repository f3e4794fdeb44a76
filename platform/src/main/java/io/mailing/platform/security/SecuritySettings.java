package io.mailing.platform.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Authentication and authorization ({@code mailing.security.*}). Tokens are checked against the built-in issuer's
 * secret and, when Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or
 * {@code jwk-set-uri} is set, against an external OAuth2/OIDC issuer as well.
 *
 * @param jwtSecret the HS256 secret of the built-in token endpoint, at least 32 bytes ({@code JWT_SECRET})
 * @param tokenIssuer the {@code iss} of the built-in tokens, which only those tokens may carry
 * @param tokenTtl how long a built-in token is valid
 * @param users who may get a built-in token: user name, bcrypt hash of the password, roles
 * @param rolesClaim where an external token keeps its roles: a claim name (tried first, so that a namespaced claim
 *     such as Auth0's {@code https://mailing.example/roles} works), or a dotted path such as
 *     {@code realm_access.roles} (Keycloak); role names are matched case-insensitively, others are ignored. Built-in
 *     tokens always keep theirs in {@code roles}
 * @param principalClaim the claim that names the user of an external token
 * @param maxFailedLogins failed logins for one user name, from all addresses together, after which it is locked out
 *     for {@code lockout}
 * @param maxFailedLoginsPerAddress failed logins from one address, whatever the user names, after which the address
 *     is refused for {@code lockout}; lower than {@code maxFailedLogins}, so one address cannot lock an account
 * @param lockout how long a user name or an address is refused after too many failed logins (and the window in which
 *     failures are counted)
 * @param tokenEndpoint whether {@code POST /api/v1/auth/token} issues tokens (it needs {@code jwtSecret} as well)
 * @param trustClientIssuers whether the issuers of the OpenID Connect clients registered in the same process
 *     ({@code spring.security.oauth2.client.registration.*}, the console's provider sign-in) are trusted for their
 *     clients' tokens ({@code azp} or {@code aud} the client's id); the standalone run does
 */
@ConfigurationProperties("mailing.security")
public record SecuritySettings(
        String jwtSecret,
        String tokenIssuer,
        Duration tokenTtl,
        List<User> users,
        String rolesClaim,
        String principalClaim,
        int maxFailedLogins,
        int maxFailedLoginsPerAddress,
        Duration lockout,
        TokenEndpoint tokenEndpoint,
        boolean trustClientIssuers) {

    static final int MIN_SECRET_BYTES = 32;

    public SecuritySettings {
        users = users == null ? List.of() : List.copyOf(users);
        tokenEndpoint = tokenEndpoint == null ? new TokenEndpoint(true) : tokenEndpoint;
        if (maxFailedLoginsPerAddress >= maxFailedLogins) {
            throw new IllegalArgumentException("mailing.security.max-failed-logins-per-address ("
                    + maxFailedLoginsPerAddress + ") must be lower than mailing.security.max-failed-logins ("
                    + maxFailedLogins + "), or one address could keep an account locked");
        }
    }

    boolean hasSecret() {
        return jwtSecret != null && !jwtSecret.isBlank();
    }

    byte[] secretBytes() {
        return jwtSecret.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code mailing.security.token-endpoint.*}. */
    public record TokenEndpoint(boolean enabled) {}

    /** A user of the built-in token endpoint. */
    public record User(String username, String passwordHash, List<Role> roles) {

        public User {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }
}

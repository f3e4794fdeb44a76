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
 * @param rolesClaim where an external token keeps its roles: a claim name, or a dotted path such as
 *     {@code realm_access.roles} (Keycloak); role names are matched case-insensitively, others are ignored
 * @param principalClaim the claim that names the user of an external token
 * @param maxFailedLogins failed logins in a row after which a user name is locked out for {@code lockout}
 * @param lockout how long a user name is locked out after too many failed logins
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
        Duration lockout) {

    /** A secret shipped for local use only; the start-up log warns while it is in use. */
    public static final String DEMO_SECRET_PREFIX = "insecure-demo-secret";

    static final int MIN_SECRET_BYTES = 32;

    public SecuritySettings {
        users = users == null ? List.of() : List.copyOf(users);
    }

    boolean hasSecret() {
        return jwtSecret != null && !jwtSecret.isBlank();
    }

    byte[] secretBytes() {
        return jwtSecret.getBytes(StandardCharsets.UTF_8);
    }

    /** A user of the built-in token endpoint. */
    public record User(String username, String passwordHash, List<Role> roles) {

        public User {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }
}

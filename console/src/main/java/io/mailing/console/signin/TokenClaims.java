package io.mailing.console.signin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a bearer token (a JWT) says about its user: the roles, read where the API reads them, and its expiry. The
 * console does not check the token's signature: it has the token straight from the platform or from the provider's
 * token endpoint, and the platform checks it on every call anyway; the roles only decide what the pages offer.
 */
final class TokenClaims {

    static final Set<String> CONSOLE_ROLES = Set.of(Roles.ADMIN, Roles.VIEWER);

    private final JsonNode claims;

    private TokenClaims(JsonNode claims) {
        this.claims = claims;
    }

    /** The claims of this JWT; an {@link IllegalArgumentException} for anything else (an opaque token). */
    static TokenClaims of(String token, ObjectMapper json) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("Not a JWT");
        }
        try {
            JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (claims == null || !claims.isObject()) {
                throw new IllegalArgumentException("Not a JWT");
            }
            return new TokenClaims(claims);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a JWT", e);
        }
    }

    /**
     * The console's roles in {@code claim}, whatever their case: the claim of that exact name if there is one (a
     * namespaced claim such as {@code https://mailing.example/roles}), else the dotted path (such as
     * {@code realm_access.roles}), as the API reads them.
     */
    Set<String> roles(String claim) {
        JsonNode node = claims.get(claim);
        if (node == null) {
            node = claims;
            for (String part : claim.split("\\.")) {
                node = node.path(part);
            }
        }
        Set<String> roles = new HashSet<>();
        for (JsonNode role : node) {
            String name = role.asText().toUpperCase(Locale.ROOT);
            if (CONSOLE_ROLES.contains(name)) {
                roles.add(name);
            }
        }
        return roles;
    }

    /** The token's {@code exp}, the moment the platform stops accepting it. */
    Optional<Instant> expiresAt() {
        JsonNode exp = claims.get("exp");
        return exp != null && exp.canConvertToLong()
                ? Optional.of(Instant.ofEpochSecond(exp.asLong()))
                : Optional.empty();
    }
}

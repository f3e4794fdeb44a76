package io.mailing.console.signin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The roles a platform token carries, read from its claims at the same place the API reads them (a claim name or a
 * dotted path such as {@code realm_access.roles}). The console does not check the token's signature: it has it
 * straight from the platform, and the platform checks it on every call anyway; the roles only decide what the pages
 * offer.
 */
final class TokenClaims {

    static final Set<String> CONSOLE_ROLES = Set.of(Roles.ADMIN, Roles.VIEWER);

    private TokenClaims() {}

    static Set<String> roles(String token, String claimPath, ObjectMapper json) {
        JsonNode node = claims(token, json);
        for (String part : claimPath.split("\\.")) {
            node = node.path(part);
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

    private static JsonNode claims(String token, ObjectMapper json) {
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("Not a JWT");
        }
        try {
            return json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a JWT", e);
        }
    }
}

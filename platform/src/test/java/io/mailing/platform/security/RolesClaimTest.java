package io.mailing.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/** Where a token's roles are read: a built-in token's in {@code roles}, an external one's in the configured claim. */
class RolesClaimTest {

    @Test
    void readsAClaimByItsExactNameFirstEvenWithDotsInIt() {
        assertThat(SecurityConfiguration.rolesOf(
                        Map.of("https://mailing.example/roles", List.of("ADMIN")), "https://mailing.example/roles"))
                .containsExactly("ADMIN");
        assertThat(SecurityConfiguration.rolesOf(
                        Map.of(
                                "realm_access.roles",
                                List.of("VIEWER"),
                                "realm_access",
                                Map.of("roles", List.of("ADMIN"))),
                        "realm_access.roles"))
                .containsExactly("VIEWER");
    }

    @Test
    void readsADottedPathOtherwise() {
        assertThat(SecurityConfiguration.rolesOf(
                        Map.of("realm_access", Map.of("roles", List.of("viewer"))), "realm_access.roles"))
                .containsExactly("viewer");
        assertThat(SecurityConfiguration.rolesOf(Map.of("realm_access", List.of("ADMIN")), "realm_access.roles"))
                .isEmpty();
    }

    @Test
    void anExternalTokensRolesComeFromTheConfiguredClaim() {
        Jwt external =
                jwt("RS256", Map.of("realm_access", Map.of("roles", List.of("admin")), "roles", List.of("VIEWER")));

        assertThat(authorities(external, "realm_access.roles")).containsExactly("ROLE_ADMIN");
    }

    @Test
    void anApplicationsClientCredentialsTokenMayNameTheSenderRoleAndNothingUnknownCounts() {
        Jwt application = jwt("RS256", Map.of("roles", List.of("sender", "superuser")));

        assertThat(authorities(application, "roles")).containsExactly("ROLE_SENDER");
    }

    @Test
    void aBuiltInTokensRolesAlwaysComeFromItsOwnRolesClaim() {
        Jwt builtIn = jwt("HS256", Map.of("roles", List.of("VIEWER")));

        assertThat(authorities(builtIn, "realm_access.roles")).containsExactly("ROLE_VIEWER");
    }

    private static List<String> authorities(Jwt jwt, String rolesClaim) {
        SecuritySettings settings = new SecuritySettings(
                null,
                "mailing-platform",
                Duration.ofHours(1),
                List.of(),
                rolesClaim,
                "sub",
                20,
                5,
                Duration.ofMinutes(1),
                null,
                false);
        return SecurityConfiguration.roles(settings).convert(jwt).getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .toList();
    }

    private static Jwt jwt(String algorithm, Map<String, Object> claims) {
        return Jwt.withTokenValue("token")
                .header("alg", algorithm)
                .subject("ann")
                .expiresAt(Instant.now().plusSeconds(60))
                .claims(all -> all.putAll(claims))
                .build();
    }
}

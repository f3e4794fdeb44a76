package io.mailing.console.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenClaimsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void readsTheConsolesRolesFromAClaimName() {
        assertThat(claims("{\"roles\":[\"ADMIN\",\"auditor\"]}").roles("roles")).containsExactly("ADMIN");
    }

    @Test
    void readsRolesFromADottedPathWhateverTheirCase() {
        assertThat(claims("{\"realm_access\":{\"roles\":[\"viewer\"]}}").roles("realm_access.roles"))
                .containsExactly("VIEWER");
    }

    @Test
    void readsANamespacedClaimWithDotsInItsNameByItsExactName() {
        assertThat(claims("{\"https://mailing.example/roles\":[\"ADMIN\"]}").roles("https://mailing.example/roles"))
                .containsExactly("ADMIN");
    }

    @Test
    void prefersTheExactNameToThePath() {
        assertThat(claims("{\"realm_access.roles\":[\"VIEWER\"],\"realm_access\":{\"roles\":[\"ADMIN\"]}}")
                        .roles("realm_access.roles"))
                .containsExactly("VIEWER");
    }

    @Test
    void aTokenWithoutTheClaimHasNoRole() {
        assertThat(claims("{\"sub\":\"someone\"}").roles("roles")).isEmpty();
        assertThat(claims("{\"realm_access\":{\"groups\":[\"ADMIN\"]}}").roles("realm_access.roles"))
                .isEmpty();
    }

    @Test
    void readsTheExpiry() {
        assertThat(claims("{\"exp\":1796550000}").expiresAt()).contains(Instant.ofEpochSecond(1796550000));
        assertThat(claims("{\"sub\":\"someone\"}").expiresAt()).isEmpty();
    }

    @Test
    void anOpaqueTokenIsNotAJwt() {
        assertThatIllegalArgumentException().isThrownBy(() -> TokenClaims.of("not-a-token", json));
        assertThatIllegalArgumentException().isThrownBy(() -> TokenClaims.of("2YotnFZFEjr1zCsicMWpAA", json));
        assertThatIllegalArgumentException().isThrownBy(() -> TokenClaims.of("a.b!.c", json));
    }

    private TokenClaims claims(String claims) {
        return TokenClaims.of(token(claims), json);
    }

    private static String token(String claims) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".signature";
    }
}

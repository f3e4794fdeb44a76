package io.mailing.console.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenClaimsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void readsTheConsolesRolesFromAClaimName() {
        assertThat(TokenClaims.roles(token("{\"roles\":[\"ADMIN\",\"auditor\"]}"), "roles", json))
                .containsExactly("ADMIN");
    }

    @Test
    void readsRolesFromADottedPathWhateverTheirCase() {
        assertThat(TokenClaims.roles(token("{\"realm_access\":{\"roles\":[\"viewer\"]}}"), "realm_access.roles", json))
                .containsExactly("VIEWER");
    }

    @Test
    void aTokenWithoutTheClaimHasNoRole() {
        assertThat(TokenClaims.roles(token("{\"sub\":\"someone\"}"), "roles", json))
                .isEmpty();
    }

    @Test
    void somethingElseIsNotAToken() {
        assertThatIllegalArgumentException().isThrownBy(() -> TokenClaims.roles("not-a-token", "roles", json));
    }

    private static String token(String claims) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".signature";
    }
}

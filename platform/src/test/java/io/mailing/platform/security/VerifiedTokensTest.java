package io.mailing.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class VerifiedTokensTest {

    private static final Instant START = Instant.parse("2026-12-03T10:00:00Z");

    private final SettableClock clock = new SettableClock(START);
    private final List<String> checked = new ArrayList<>();
    private Instant expiresAt = START.plus(Duration.ofHours(1));
    private final JwtDecoder decoder = token -> {
        checked.add(token);
        if (token.startsWith("bad")) {
            throw new BadJwtException("bad signature");
        }
        Jwt.Builder jwt = Jwt.withTokenValue(token).header("alg", "HS256").subject("ann");
        return (expiresAt == null ? jwt.claim("scope", "none") : jwt.expiresAt(expiresAt)).build();
    };
    private final VerifiedTokens tokens = new VerifiedTokens(decoder, clock);

    @Test
    void checksATokenOnceUntilItExpiresThenAgain() {
        Jwt first = tokens.decode("a");
        clock.advance(Duration.ofMinutes(59));
        assertThat(tokens.decode("a")).isSameAs(first);
        assertThat(checked).containsExactly("a");

        clock.advance(Duration.ofMinutes(1));
        tokens.decode("a");
        assertThat(checked).containsExactly("a", "a");
    }

    @Test
    void remembersNeitherRefusedTokensNorTokensWithoutAnExpiry() {
        assertThatThrownBy(() -> tokens.decode("bad")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("bad")).isInstanceOf(BadJwtException.class);
        expiresAt = null;
        tokens.decode("forever");
        tokens.decode("forever");

        assertThat(checked).containsExactly("bad", "bad", "forever", "forever");
    }

    @Test
    void startsOverWhenFull() {
        for (int i = 0; i <= VerifiedTokens.CAPACITY; i++) {
            tokens.decode("t" + i);
        }
        tokens.decode("t0");
        tokens.decode("t" + VerifiedTokens.CAPACITY);

        assertThat(checked).hasSize(VerifiedTokens.CAPACITY + 2).endsWith("t0");
    }
}

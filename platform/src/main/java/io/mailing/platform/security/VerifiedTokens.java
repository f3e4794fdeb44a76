package io.mailing.platform.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Remembers the bearer tokens its decoder has accepted, until they expire: a client sends the same token with every
 * call, and checking it again (parsing it, its signature, its claims) was a sizeable share of the CPU of a simple
 * command (docs/performance.md, "Figures behind choices in the code"). A token is remembered under its exact text,
 * only once it has passed every check and only while it has an expiry in the future, so a hit is as good as the
 * check it stands for; at its expiry the decoder sees the token again. Bounded: when full, it starts over.
 */
final class VerifiedTokens implements JwtDecoder {

    static final int CAPACITY = 10_000;

    private final JwtDecoder decoder;
    private final Clock clock;
    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

    VerifiedTokens(JwtDecoder decoder, Clock clock) {
        this.decoder = decoder;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) {
        Instant now = clock.instant();
        Jwt known = verified.get(token);
        if (known != null) {
            if (now.isBefore(known.getExpiresAt())) {
                return known;
            }
            verified.remove(token);
        }
        Jwt jwt = decoder.decode(token);
        boolean current = jwt.getExpiresAt() != null
                && now.isBefore(jwt.getExpiresAt())
                && (jwt.getNotBefore() == null || !now.isBefore(jwt.getNotBefore()));
        if (current) {
            if (verified.size() >= CAPACITY) {
                verified.clear();
            }
            verified.put(token, jwt);
        }
        return jwt;
    }
}

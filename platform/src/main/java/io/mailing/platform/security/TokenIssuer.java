package io.mailing.platform.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Signs the built-in tokens: HS256 with the configured secret, the user as {@code sub}, the roles in {@code roles}.
 * Without a secret (a service that only accepts an external issuer's tokens) it signs nothing.
 */
public class TokenIssuer {

    static final String ROLES = "roles";

    private final JwtEncoder encoder;
    private final String issuer;
    private final Duration ttl;
    private final Clock clock;

    TokenIssuer(SecuritySettings settings, Clock clock) {
        this.encoder = settings.hasSecret()
                ? new NimbusJwtEncoder(new ImmutableSecret<>(new SecretKeySpec(settings.secretBytes(), "HmacSHA256")))
                : null;
        this.issuer = settings.tokenIssuer();
        this.ttl = settings.tokenTtl();
        this.clock = clock;
    }

    /** Whether there is a secret to sign with. */
    public boolean isEnabled() {
        return encoder != null;
    }

    /** A token for this user with these roles, valid for {@link #ttl()}. */
    public String issue(String username, Collection<Role> roles) {
        if (encoder == null) {
            throw new IllegalStateException("No mailing.security.jwt-secret: this service issues no tokens");
        }
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(issuer)
                .subject(username)
                .issuedAt(now)
                .expiresAt(now.plus(ttl))
                .claim(ROLES, roles.stream().map(Role::name).toList())
                .build();
        return encoder.encode(JwtEncoderParameters.from(
                        JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
    }

    public Duration ttl() {
        return ttl;
    }
}

package io.mailing.platform.links;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the tokens of public links: {@code base64url(payload).base64url(HMAC-SHA256)}, so a link can only
 * have been made by a service of this deployment and says what it was made for, with nothing stored per link. The
 * key is {@code mailing.links.secret}, or else one derived from the JWT secret (an HMAC of a fixed label under it,
 * so a token of one kind can never pass for the other). Without either, links are off: none is made, and none is
 * accepted.
 */
public final class SignedLinks {

    /** The longest token checked; anything longer is refused before any work is done on it. */
    public static final int MAX_TOKEN_LENGTH = 2048;

    static final int MIN_SECRET_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] DERIVATION_LABEL = "mailing-platform public links v1".getBytes(StandardCharsets.UTF_8);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final String baseUrl;

    /** @param jwtSecret {@code mailing.security.jwt-secret}, may be blank */
    public SignedLinks(LinkSettings settings, String jwtSecret) {
        this.baseUrl = settings.baseUrl();
        String secret = settings.secret();
        if (secret != null && !secret.isBlank()) {
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_SECRET_BYTES) {
                throw new IllegalStateException(
                        "mailing.links.secret (LINKS_SECRET) must be at least " + MIN_SECRET_BYTES + " bytes");
            }
            this.key = new SecretKeySpec(bytes, ALGORITHM);
        } else if (jwtSecret != null && !jwtSecret.isBlank()) {
            this.key = new SecretKeySpec(
                    mac(new SecretKeySpec(jwtSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM), DERIVATION_LABEL),
                    ALGORITHM);
        } else {
            this.key = null;
        }
    }

    /** Whether links can be made and checked (a secret is configured). */
    public boolean enabled() {
        return key != null;
    }

    /** The public URL of {@code path} (starting with {@code /}). */
    public String url(String path) {
        return baseUrl + path;
    }

    /** The signed token of {@code payload}; only when {@link #enabled()}. */
    public String sign(String payload) {
        if (key == null) {
            throw new IllegalStateException("No mailing.links.secret and no JWT secret: links are off");
        }
        String body = ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return body + "." + ENCODER.encodeToString(mac(key, body.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The payload of a token this deployment signed; empty for anything else (malformed, forged, too long). */
    public Optional<String> verify(String token) {
        if (key == null || token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        String body = token.substring(0, dot);
        try {
            byte[] given = DECODER.decode(token.substring(dot + 1));
            byte[] expected = mac(key, body.getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(given, expected)) {
                return Optional.empty();
            }
            return Optional.of(new String(DECODER.decode(body), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private static byte[] mac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}

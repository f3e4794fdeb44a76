package io.mailing.console.platform;

import java.io.Serializable;
import java.time.Instant;
import java.util.Set;

/**
 * Who is signed in to the console: the name and roles the platform's token gives, and the token itself, which stays
 * in the server-side session and goes only to the platform's API, never to the browser.
 */
public record PlatformUser(String username, Set<String> roles, String token, Instant expiresAt)
        implements Serializable {

    public PlatformUser {
        roles = Set.copyOf(roles);
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return username;
    }
}

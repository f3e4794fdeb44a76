package io.mailing.platform.security;

/**
 * What a user may do: {@code ADMIN} writes (and reads), {@code VIEWER} reads, {@code SENDER} (an application) sends
 * one-off messages and nothing else.
 */
public enum Role {
    ADMIN,
    VIEWER,
    SENDER;

    /** The Spring Security authority of this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}

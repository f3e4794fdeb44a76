package io.mailing.platform.security;

/** What a user may do: {@code ADMIN} writes (and reads), {@code VIEWER} reads. */
public enum Role {
    ADMIN,
    VIEWER;

    /** The Spring Security authority of this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}

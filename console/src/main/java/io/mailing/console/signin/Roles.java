package io.mailing.console.signin;

/** The platform's roles as the console knows them: ADMIN may change things, VIEWER only reads. */
public final class Roles {

    public static final String ADMIN = "ADMIN";
    public static final String VIEWER = "VIEWER";

    private Roles() {}
}

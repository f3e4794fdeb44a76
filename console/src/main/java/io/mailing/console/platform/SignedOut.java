package io.mailing.console.platform;

/** The platform no longer accepts the signed-in user's token (expired or revoked): the user must sign in again. */
public class SignedOut extends RuntimeException {

    public SignedOut(String message) {
        super(message);
    }
}

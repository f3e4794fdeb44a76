package io.mailing.console.platform;

/** The platform's API did not answer, or answered with a server error. */
public class PlatformUnavailable extends RuntimeException {

    public PlatformUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.mailing.events.message;

/** Why an attempt to hand a message to the provider failed. */
public enum ErrorKind {
    /**
     * No answer within the attempt timeout: the outcome is unknown, not a failure. The provider may have accepted the
     * message, and the retry calls it again with the same msgId.
     */
    TIMEOUT(true),
    /** The connection could not be opened or broke. */
    CONNECTION_FAILED(true),
    /** HTTP 5xx. */
    SERVER_ERROR(true),
    /** HTTP 429; the provider's {@code Retry-After} is honoured. */
    RATE_LIMITED(true),
    /** HTTP 200 whose body is not the contract's {@code {"code": 0, …}} JSON. */
    MALFORMED_RESPONSE(true),
    /** HTTP 200 with a {@code code} other than 0. */
    PROVIDER_REJECTED(true),
    /** Any other 4xx: the provider refuses this message, so trying again cannot help. */
    CLIENT_ERROR(false),
    /**
     * HTTP 401 or 403: our credentials are wrong. Never the fate of a message: sending pauses for the provider and
     * the message stays pending.
     */
    UNAUTHORIZED(false);

    private final boolean retryable;

    ErrorKind(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether a later attempt may succeed. */
    public boolean isRetryable() {
        return retryable;
    }
}

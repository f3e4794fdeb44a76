package io.mailing.simulator;

/** A way a simulated call fails; {@link Behaviour#failureKinds()} selects the ones that may happen. */
public enum FailureKind {
    /**
     * No answer: the request is held for {@link Behaviour#timeoutHold()} (or until the simulator closes) and then
     * the connection is closed, so the client's own request timeout fires first.
     */
    TIMEOUT,
    /** HTTP 500 with the contract's error JSON. */
    SERVER_ERROR,
    /** HTTP 429 with {@code Retry-After: 1}. */
    RATE_LIMITED,
    /** HTTP 200 whose body is not the contract's JSON ({@code <html>oops</html>}). */
    MALFORMED_BODY
}

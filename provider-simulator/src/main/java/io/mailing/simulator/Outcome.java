package io.mailing.simulator;

/** How the simulator answered a call: delivered, or failed in one of the {@link FailureKind}s. */
public enum Outcome {
    DELIVERED,
    TIMEOUT,
    SERVER_ERROR,
    RATE_LIMITED,
    MALFORMED_BODY;

    /** The outcome of a call that failed in this way. */
    public static Outcome failedWith(FailureKind kind) {
        return switch (kind) {
            case TIMEOUT -> TIMEOUT;
            case SERVER_ERROR -> SERVER_ERROR;
            case RATE_LIMITED -> RATE_LIMITED;
            case MALFORMED_BODY -> MALFORMED_BODY;
        };
    }

    /** Whether the call was answered with the contract's success. */
    public boolean delivered() {
        return this == DELIVERED;
    }

    /** The way the call failed; {@code null} for {@link #DELIVERED}. */
    public FailureKind failureKind() {
        return switch (this) {
            case DELIVERED -> null;
            case TIMEOUT -> FailureKind.TIMEOUT;
            case SERVER_ERROR -> FailureKind.SERVER_ERROR;
            case RATE_LIMITED -> FailureKind.RATE_LIMITED;
            case MALFORMED_BODY -> FailureKind.MALFORMED_BODY;
        };
    }
}

package io.mailing.sending.message;

import io.mailing.events.message.ErrorKind;
import java.time.Duration;

/** What the provider made of one attempt. */
public sealed interface AttemptResult {

    /** HTTP 200 with {@code {"code": 0, …}}. */
    record Delivered() implements AttemptResult {}

    /**
     * Anything else.
     *
     * @param detail what was received (status, a bounded excerpt of the body) or what went wrong on the way
     * @param retryAfter the provider's {@code Retry-After}, or {@code null}
     */
    record Failed(ErrorKind kind, String detail, Duration retryAfter) implements AttemptResult {}
}

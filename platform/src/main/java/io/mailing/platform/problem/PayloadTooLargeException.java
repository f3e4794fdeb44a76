package io.mailing.platform.problem;

import java.util.Map;

/** A request body larger than its endpoint takes (HTTP 413); refused before it is read to its end. */
public final class PayloadTooLargeException extends DomainException {

    private final long maxBytes;

    public PayloadTooLargeException(long maxBytes) {
        super("The request body is larger than the " + maxBytes + " bytes this endpoint takes");
        this.maxBytes = maxBytes;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("maxBytes", maxBytes);
    }
}

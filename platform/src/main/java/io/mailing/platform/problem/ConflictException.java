package io.mailing.platform.problem;

import java.util.Map;

/** The request does not fit the current state, or duplicates an existing record (HTTP 409). */
public final class ConflictException extends DomainException {

    private final Map<String, Object> properties;

    /**
     * @param properties what the conflict is with, e.g. {@code currentStatus} or {@code existingId}
     */
    public ConflictException(String message, Map<String, Object> properties) {
        super(message);
        this.properties = Map.copyOf(properties);
    }

    @Override
    public Map<String, Object> properties() {
        return properties;
    }
}

package io.mailing.platform.problem;

import java.util.Map;

/**
 * A request the domain refuses. The web layer answers it with RFC 9457 problem details: the status and kind
 * come from the subclass, the properties name the field, the state or the existing record.
 */
public abstract sealed class DomainException extends RuntimeException
        permits InvalidInputException, NotFoundException, ConflictException {

    protected DomainException(String message) {
        super(message);
    }

    /** Extra members of the problem document, e.g. {@code currentStatus} or {@code existingId}. */
    public abstract Map<String, Object> properties();
}

package io.mailing.platform.problem;

import java.util.Map;

/**
 * A request the domain refuses. The web layer answers it with RFC 9457 problem details: the status and kind
 * come from the subclass, the properties name the field, the state or the existing record.
 */
public abstract sealed class DomainException extends RuntimeException
        permits InvalidInputException, NotFoundException, ConflictException, PayloadTooLargeException {

    protected DomainException(String message) {
        super(message);
    }

    /**
     * The domain exception in a chain of causes, or null: a command handler's or event handler's exception may
     * reach a caller wrapped by the unit of work.
     */
    public static DomainException causeOf(Throwable throwable) {
        for (Throwable t = throwable; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DomainException domain) {
                return domain;
            }
        }
        return null;
    }

    /** Extra members of the problem document, e.g. {@code currentStatus} or {@code existingId}. */
    public abstract Map<String, Object> properties();
}

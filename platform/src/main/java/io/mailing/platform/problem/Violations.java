package io.mailing.platform.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Collects the violations of a whole request, so the answer names every offending field at once. */
public final class Violations {

    private final List<Violation> violations = new ArrayList<>();

    /** Builds a value from one field; on {@link InvalidValueException} records the violation and returns null. */
    public <T> T check(String field, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidValueException e) {
            reject(field, e.getMessage());
            return null;
        }
    }

    /** Checks that a field is present and builds its value. */
    public <T, R> R require(String field, T raw, java.util.function.Function<T, R> parse) {
        if (raw == null) {
            reject(field, "is required");
            return null;
        }
        return check(field, () -> parse.apply(raw));
    }

    public void reject(String field, String message) {
        violations.add(new Violation(field, message));
    }

    public boolean isEmpty() {
        return violations.isEmpty();
    }

    public void throwIfAny() {
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }
}

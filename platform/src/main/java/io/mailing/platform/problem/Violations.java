package io.mailing.platform.problem;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
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
    public <T, R> R require(String field, T raw, Function<T, R> parse) {
        if (raw == null) {
            reject(field, "is required");
            return null;
        }
        return check(field, () -> parse.apply(raw));
    }

    /**
     * Builds every element of an optional list field of at most {@code max} elements (a longer one is refused before
     * any element is looked at), naming a bad one by its index ({@code tags[2]}); returns the distinct valid values
     * in their order (an absent list is an empty one).
     */
    public <T, R> List<R> requireEach(String field, List<T> raw, int max, Function<T, R> parse) {
        if (raw == null) {
            return List.of();
        }
        if (raw.size() > max) {
            reject(field, "must have at most " + max + " elements (has " + raw.size() + ")");
            return List.of();
        }
        Set<R> values = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            R value = require(field + "[" + i + "]", raw.get(i), parse);
            if (value != null) {
                values.add(value);
            }
        }
        return List.copyOf(values);
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

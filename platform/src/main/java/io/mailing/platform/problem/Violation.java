package io.mailing.platform.problem;

/** One broken rule: the field (a JSON path such as {@code filter.tags[2]}) and why. */
public record Violation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}

package io.mailing.platform.problem;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Input that breaks a rule: every offending field with its reason (HTTP 400). */
public final class InvalidInputException extends DomainException {

    private final List<Violation> violations;

    public InvalidInputException(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public InvalidInputException(String field, String message) {
        this(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("errors", violations);
    }
}

package io.mailing.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.mailing.platform.problem.InvalidInputException;

/** Names the place in a JSON document that Jackson refused, as {@code filter.tags[2]}, and why. */
public final class JsonPaths {

    private JsonPaths() {}

    /**
     * The violation behind JSON that could not be read: the unknown property, the value of the wrong type or
     * format, or the syntax error, named by its path.
     */
    public static InvalidInputException invalidInput(Throwable unreadable) {
        Throwable cause = jacksonCause(unreadable);
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return new InvalidInputException(of(unknown), "unknown property");
        }
        if (cause instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            return new InvalidInputException(of(mismatch), reason(mismatch));
        }
        if (cause instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            boolean array = mismatch.getTargetType().isArray()
                    || java.util.Collection.class.isAssignableFrom(mismatch.getTargetType());
            return new InvalidInputException("body", array ? "must be a JSON array" : "must be a JSON object");
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return new InvalidInputException(of(mapping), "invalid value");
        }
        if (cause instanceof JsonProcessingException json) {
            return new InvalidInputException("body", "malformed JSON: " + json.getOriginalMessage());
        }
        return new InvalidInputException("body", "a JSON body is required");
    }

    /** The outermost Jackson exception: it knows the JSON path, its own causes (e.g. a date parser's) do not. */
    private static Throwable jacksonCause(Throwable throwable) {
        for (Throwable t = throwable; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonProcessingException) {
                return t;
            }
        }
        return throwable;
    }

    private static String of(JsonMappingException exception) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : exception.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static String reason(MismatchedInputException exception) {
        Class<?> target = exception.getTargetType();
        if (exception instanceof InvalidFormatException invalid) {
            String value = String.valueOf(invalid.getValue());
            return "invalid value '" + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'"
                    + expected(target);
        }
        return "wrong type" + expected(target);
    }

    private static String expected(Class<?> target) {
        if (target == null) {
            return "";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(target)) {
            return switch (target.getSimpleName()) {
                case "OffsetDateTime", "Instant", "ZonedDateTime" -> ": expected an ISO-8601 timestamp with offset";
                case "LocalTime" -> ": expected a local time such as 09:00";
                default -> ": expected an ISO-8601 " + target.getSimpleName();
            };
        }
        if (target.isEnum()) {
            return ": expected one of " + java.util.Arrays.toString(target.getEnumConstants());
        }
        return ": expected " + target.getSimpleName();
    }
}

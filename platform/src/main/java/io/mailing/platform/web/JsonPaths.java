package io.mailing.platform.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** Names the place in a JSON document that Jackson refused, as {@code filter.tags[2]}. */
final class JsonPaths {

    private JsonPaths() {}

    static String of(JsonMappingException exception) {
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

    static String reason(MismatchedInputException exception) {
        Class<?> target = exception.getTargetType();
        if (exception instanceof InvalidFormatException invalid) {
            return "invalid value '" + invalid.getValue() + "'" + expected(target);
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

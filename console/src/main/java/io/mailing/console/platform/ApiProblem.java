package io.mailing.console.platform;

import java.util.Map;

/**
 * The platform refused a request with an RFC 9457 problem: its status, title and detail, and the message for each
 * field it names ({@code errors[].field}, or a conflict's {@code field} with its detail), so a form can show each next to
 * its field.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String title;
    private final Map<String, String> fieldErrors;

    public ApiProblem(int status, String title, String detail, Map<String, String> fieldErrors) {
        super(detail != null ? detail : title);
        this.status = status;
        this.title = title;
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}

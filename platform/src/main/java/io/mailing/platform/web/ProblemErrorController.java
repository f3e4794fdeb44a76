package io.mailing.platform.web;

import io.mailing.platform.security.SecurityConfiguration;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.Locale;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /error} as problem details, whatever the client accepts: the request was refused before any controller saw
 * it (Spring Security's firewall, a {@code sendError} of a filter). Says nothing of why beyond the status: the
 * exception and the refused URL stay in the server.
 */
@RestController
@Hidden
class ProblemErrorController implements ErrorController {

    private static final String CONTENT_SECURITY_POLICY = "Content-Security-Policy";
    private static final String REFERRER_POLICY = "Referrer-Policy";

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request, HttpServletResponse response) {
        securityHeaders(response);
        HttpStatus status = statusOf(request);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detailOf(status));
        problem.setType(URI.create("urn:mailing:problem:" + kindOf(status)));
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /**
     * The security filters' headers, for an error they never wrote them on: a request their firewall refused, whose
     * error dispatch they do not filter again.
     */
    static void securityHeaders(HttpServletResponse response) {
        if (!response.containsHeader(CONTENT_SECURITY_POLICY)) {
            response.setHeader(CONTENT_SECURITY_POLICY, SecurityConfiguration.API_POLICY);
        }
        if (!response.containsHeader(REFERRER_POLICY)) {
            response.setHeader(REFERRER_POLICY, SecurityConfiguration.REFERRER_POLICY.getPolicy());
        }
    }

    static String detailOf(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST ->
                "The request is malformed or not allowed (e.g. an encoded slash, ';' or a control"
                        + " character in its URL)";
            case NOT_FOUND -> "No such resource";
            case URI_TOO_LONG -> "The request's URL is too long";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "The request's headers are too large";
            default ->
                status.is5xxServerError()
                        ? "An unexpected error occurred; it has been logged."
                        : status.getReasonPhrase();
        };
    }

    static String kindOf(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "bad-request";
            case NOT_FOUND -> "not-found";
            default ->
                status.is5xxServerError()
                        ? "server-error"
                        : status.name().toLowerCase(Locale.ROOT).replace('_', '-');
        };
    }

    private static HttpStatus statusOf(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status != null && status.isError() ? status : HttpStatus.INTERNAL_SERVER_ERROR;
    }
}

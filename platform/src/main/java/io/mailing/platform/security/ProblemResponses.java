package io.mailing.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The answers of the security filters, as RFC 9457 problem details like every other error: 401 without a valid
 * token (with {@code WWW-Authenticate: Bearer}), 403 with a token whose roles do not allow the request. Why a token
 * was refused stays in the server: the parser's words would tell a forger what it got past.
 */
final class ProblemResponses {

    private ProblemResponses() {}

    static AuthenticationEntryPoint unauthorized(ObjectMapper json) {
        return (request, response, exception) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            write(
                    json,
                    request,
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "unauthorized",
                    request.getHeader(HttpHeaders.AUTHORIZATION) == null
                            ? "A bearer token is required: get one from POST /api/v1/auth/token"
                            : "The bearer token is malformed, expired or not signed by a trusted issuer");
        };
    }

    static AccessDeniedHandler forbidden(ObjectMapper json) {
        return (request, response, exception) -> write(
                json,
                request,
                response,
                HttpStatus.FORBIDDEN,
                "forbidden",
                "Your roles do not allow " + request.getMethod() + " " + request.getRequestURI()
                        + "; reading needs VIEWER or ADMIN, changing needs ADMIN");
    }

    private static void write(
            ObjectMapper json,
            HttpServletRequest request,
            HttpServletResponse response,
            HttpStatus status,
            String kind,
            String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:mailing:problem:" + kind));
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        json.writeValue(response.getOutputStream(), problem);
    }
}

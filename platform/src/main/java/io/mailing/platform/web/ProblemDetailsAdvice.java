package io.mailing.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.mailing.platform.problem.DomainException;
import io.mailing.platform.problem.InvalidInputException;
import io.mailing.platform.problem.NotFoundException;
import java.net.URI;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every error with RFC 9457 problem details ({@code application/problem+json}): 400 names each offending
 * field (malformed JSON, unknown properties and wrong types included), 404 the missing resource, 409 the state or
 * the existing record it conflicts with; anything unexpected is a 500 that leaks no internals.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleAny(Exception exception, WebRequest request) {
        DomainException domain = domainCause(exception);
        if (domain != null) {
            return problem(domain, request);
        }
        log.error("Unexpected error", exception);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred; it has been logged.");
        return createResponseEntity(body, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> handleTypeMismatch(MethodArgumentTypeMismatchException exception, WebRequest request) {
        String expected = exception.getRequiredType() == null
                ? "a valid value"
                : "a valid " + exception.getRequiredType().getSimpleName();
        return problem(new InvalidInputException(exception.getName(), "must be " + expected), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException exception, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return problem(unreadable(exception), request);
    }

    private static InvalidInputException unreadable(HttpMessageNotReadableException exception) {
        Throwable cause = jacksonCause(exception);
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return new InvalidInputException(JsonPaths.of(unknown), "unknown property");
        }
        if (cause instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            return new InvalidInputException(JsonPaths.of(mismatch), JsonPaths.reason(mismatch));
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return new InvalidInputException(JsonPaths.of(mapping), "invalid value");
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

    private ResponseEntity<Object> problem(DomainException exception, WebRequest request) {
        HttpStatus status = statusOf(exception);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, exception.getMessage());
        body.setType(URI.create("urn:mailing:problem:" + kindOf(exception)));
        Map<String, Object> properties = exception.properties();
        properties.forEach(body::setProperty);
        return createResponseEntity(body, new HttpHeaders(), status, request);
    }

    private static HttpStatus statusOf(DomainException exception) {
        if (exception instanceof InvalidInputException) {
            return HttpStatus.BAD_REQUEST;
        }
        return exception instanceof NotFoundException ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT;
    }

    private static String kindOf(DomainException exception) {
        if (exception instanceof InvalidInputException) {
            return "invalid-input";
        }
        return exception instanceof NotFoundException ? "not-found" : "conflict";
    }

    /** Command handlers' exceptions may reach the web layer wrapped by the unit of work; find the domain one. */
    private static DomainException domainCause(Throwable throwable) {
        for (Throwable t = throwable; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DomainException domain) {
                return domain;
            }
        }
        return null;
    }
}

package io.mailing.platform.web;

import io.mailing.platform.problem.DomainException;
import io.mailing.platform.problem.InvalidInputException;
import io.mailing.platform.problem.NotFoundException;
import io.mailing.platform.problem.PayloadTooLargeException;
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
 * field (malformed JSON, unknown properties, keys given twice and wrong types included), 404 the missing resource,
 * 409 the state or the existing record it conflicts with, 413 a body over its limit; anything unexpected is a 500
 * that leaks no internals.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleAny(Exception exception, WebRequest request) {
        DomainException domain = DomainException.causeOf(exception);
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
        DomainException domain = DomainException.causeOf(exception);
        return problem(domain != null ? domain : JsonPaths.invalidInput(exception), request);
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
        if (exception instanceof NotFoundException) {
            return HttpStatus.NOT_FOUND;
        }
        return exception instanceof PayloadTooLargeException ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.CONFLICT;
    }

    private static String kindOf(DomainException exception) {
        if (exception instanceof InvalidInputException) {
            return "invalid-input";
        }
        if (exception instanceof NotFoundException) {
            return "not-found";
        }
        return exception instanceof PayloadTooLargeException ? "payload-too-large" : "conflict";
    }
}

package io.mailing.sending.oneoff;

import io.mailing.platform.correlation.EventMetadata;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a one-off request (429, {@code Retry-After}) when its client has used up its allowance on this node
 * ({@link ClientRates}), before the request's body is read: every request counts, refused or not.
 */
final class ClientAllowance implements HandlerInterceptor {

    private final ClientRates rates;
    private final OneOffSettings.PerClient allowance;

    ClientAllowance(ClientRates rates, OneOffSettings.PerClient allowance) {
        this.rates = rates;
        this.allowance = allowance;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        long wait = rates.take(String.valueOf(EventMetadata.ofCurrentRequest().get(EventMetadata.PRINCIPAL)));
        if (wait == 0) {
            return true;
        }
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + TimeUnit.SECONDS.toNanos(1) - 1));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.TOO_MANY_REQUESTS,
                "this client may ask for "
                        + BigDecimal.valueOf(allowance.rate())
                                .stripTrailingZeros()
                                .toPlainString()
                        + " one-off messages a second (up to " + allowance.burst() + " at once): try again in "
                        + seconds + " s");
        problem.setType(URI.create("urn:mailing:problem:rate-limited"));
        ErrorResponseException refused = new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS, problem, null);
        refused.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        throw refused;
    }
}

package io.mailing.platform.logging;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One line per API request, {@code POST /api/v1/mailouts/{id}/start 200 (12 ms)}, logged when it is answered (so
 * refusals by security, 401 and 403, are there too). The ids in the path and, for a creation, in the
 * {@code Location} of the answer are in the logging context for the whole request, so the lines of the commands it
 * sends carry them as well. Health, metrics and documentation requests are not logged.
 */
class RequestLogFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestLogFilter.class);
    private static final Pattern SUBJECT = Pattern.compile(
            "/(mailouts|messages|customers)/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try (LogContext path = context(request.getRequestURI())) {
            try {
                chain.doFilter(request, response);
            } finally {
                try (LogContext created = context(response.getHeader("Location"))) {
                    log.info(
                            "{} {} {} ({} ms)",
                            request.getMethod(),
                            request.getRequestURI(),
                            response.getStatus(),
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                }
            }
        }
    }

    /** The context of the ids this path names (the last id of each kind wins). */
    private static LogContext context(String path) {
        UUID[] ids = new UUID[3];
        if (path != null) {
            Matcher matcher = SUBJECT.matcher(path);
            while (matcher.find()) {
                int kind = switch (matcher.group(1)) {
                    case "mailouts" -> 0;
                    case "messages" -> 1;
                    default -> 2;
                };
                ids[kind] = UUID.fromString(matcher.group(2));
            }
        }
        return LogContext.of(ids[0], ids[1], ids[2], null);
    }
}

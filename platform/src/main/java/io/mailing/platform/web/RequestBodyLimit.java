package io.mailing.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.platform.problem.PayloadTooLargeException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps every request body at its endpoint's limit ({@link BodyLimits}), before anything reads it: a declared
 * Content-Length over the limit is answered 413 at once, and a body without one (chunked) is cut off with
 * {@link PayloadTooLargeException} (413 from {@link ProblemDetailsAdvice}) as soon as it passes the limit. The body
 * left unread is Tomcat's to swallow ({@code server.tomcat.max-swallow-size}, 2 MB) or to close the connection on.
 */
final class RequestBodyLimit extends OncePerRequestFilter {

    private final BodyLimits limits;
    private final ObjectMapper json;

    RequestBodyLimit(BodyLimits limits, ObjectMapper json) {
        this.limits = limits;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limits.forPath(request.getRequestURI()).toBytes();
        if (request.getContentLengthLong() > limit) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.PAYLOAD_TOO_LARGE, new PayloadTooLargeException(limit).getMessage());
            problem.setType(URI.create("urn:mailing:problem:payload-too-large"));
            problem.setInstance(URI.create(request.getRequestURI()));
            problem.setProperty("maxBytes", limit);
            response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
            response.setContentType("application/problem+json");
            json.writeValue(response.getOutputStream(), problem);
            return;
        }
        chain.doFilter(new Capped(request, limit), response);
    }

    private static final class Capped extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        Capped(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CappedStream(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class CappedStream extends ServletInputStream {

        private final ServletInputStream body;
        private final long limit;
        private long read;

        CappedStream(ServletInputStream body, long limit) {
            this.body = body;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = body.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = body.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new PayloadTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return body.isFinished();
        }

        @Override
        public boolean isReady() {
            return body.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            body.setReadListener(listener);
        }
    }
}

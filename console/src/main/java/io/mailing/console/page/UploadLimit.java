package io.mailing.console.page;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses an upload to one of the imports ({@link #PATHS}) larger than {@link #MAX_UPLOAD} before anything parses it,
 * and sends the browser back to that import's page with {@code ?too-large}, which says why. It has to come first: a multipart body cut off by the container's limits
 * would lose its CSRF field on the way and be refused as forbidden, and a body left unread beyond Tomcat's
 * swallowing limit would have its connection reset, so the browser would show an error of its own. The body is read
 * and dropped (up to {@link #MAX_DRAINED}) so that the browser gets to read the answer.
 */
@Configuration(proxyBeanMethods = false)
public class UploadLimit {

    /** The largest upload (file and form), as the import pages announce it. */
    public static final DataSize MAX_UPLOAD = DataSize.ofMegabytes(8);

    /** Beyond this, the body is not read at all; the connection may be closed on it. */
    static final DataSize MAX_DRAINED = DataSize.ofMegabytes(64);

    /** The imports' pages, where their uploads are posted to. */
    static final String[] PATHS = {"/customers/import", "/opt-outs/import"};

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> importUploadLimit() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new Refusal());
        registration.addUrlPatterns(PATHS);
        // After the platform's own body limit (standalone), before Spring Security's CSRF check.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    private static final class Refusal extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            long length = request.getContentLengthLong();
            if (!HttpMethod.POST.matches(request.getMethod()) || length <= MAX_UPLOAD.toBytes()) {
                chain.doFilter(request, response);
                return;
            }
            if (length <= MAX_DRAINED.toBytes()) {
                drain(request.getInputStream());
            }
            response.setStatus(HttpServletResponse.SC_SEE_OTHER);
            response.setHeader("Location", request.getRequestURI() + "?too-large");
        }

        private static void drain(ServletInputStream body) throws IOException {
            byte[] buffer = new byte[64 * 1024];
            while (body.read(buffer) != -1) {
                // dropped
            }
        }
    }
}

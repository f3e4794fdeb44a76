package io.mailing.console.signin;

import io.mailing.console.platform.PlatformUser;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** A session lives no longer than the platform token in it: once the token expires, the user signs in again. */
class ExpiredSignIns extends OncePerRequestFilter {

    private final Clock clock;

    ExpiredSignIns(Clock clock) {
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null
                && authentication.getPrincipal() instanceof PlatformUser user
                && user.expiredAt(clock.instant())) {
            SignOuts.expired(request, response);
            return;
        }
        chain.doFilter(request, response);
    }
}

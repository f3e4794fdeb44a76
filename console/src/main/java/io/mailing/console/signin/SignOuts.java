package io.mailing.console.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;

/** Ends a sign-in the platform no longer honours (its token expired or was refused). */
public final class SignOuts {

    private SignOuts() {}

    /** Ends the session and sends the browser to the sign-in page (htmx follows {@code HX-Redirect}). */
    public static void expired(HttpServletRequest request, HttpServletResponse response) throws IOException {
        new SecurityContextLogoutHandler()
                .logout(request, response, SecurityContextHolder.getContext().getAuthentication());
        String signIn = request.getContextPath() + "/sign-in?expired";
        if (request.getHeader("HX-Request") != null) {
            response.setHeader("HX-Redirect", signIn);
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        } else {
            response.sendRedirect(signIn);
        }
    }
}

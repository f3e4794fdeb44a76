package io.mailing.console.page;

import io.mailing.console.ConsoleSettings;
import io.mailing.console.platform.ApiProblem;
import io.mailing.console.platform.PlatformUnavailable;
import io.mailing.console.platform.PlatformUser;
import io.mailing.console.platform.SignedOut;
import io.mailing.console.signin.Roles;
import io.mailing.console.signin.SignOuts;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every console page has: the signed-in user and whether they may change things (the layout's navigation and
 * the write controls depend on it), and the pages for what can go wrong on the way to the platform. Ahead of the
 * platform's problem-details advice, which answers the APIs' errors as JSON.
 */
@ControllerAdvice(basePackages = "io.mailing.console")
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsolePages {

    private final ConsoleSettings settings;

    ConsolePages(ConsoleSettings settings) {
        this.settings = settings;
    }

    @ModelAttribute
    void common(Model model) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        PlatformUser user = authentication != null && authentication.getPrincipal() instanceof PlatformUser signedIn
                ? signedIn
                : null;
        model.addAttribute("user", user);
        model.addAttribute("admin", user != null && user.roles().contains(Roles.ADMIN));
        model.addAttribute("refresh", settings.refreshInterval().toMillis() + "ms");
    }

    /** The platform no longer takes the session's token: sign in again. */
    @ExceptionHandler(SignedOut.class)
    void signedOut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SignOuts.expired(request, response);
    }

    @ExceptionHandler(PlatformUnavailable.class)
    String unavailable(PlatformUnavailable e, Model model, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_BAD_GATEWAY);
        model.addAttribute("title", "The platform does not answer");
        model.addAttribute("message", "The console could not reach the platform's API. Try again in a moment.");
        return "console/problem";
    }

    /** A refusal no page handled itself (an unknown id, most often). */
    @ExceptionHandler(ApiProblem.class)
    String refused(ApiProblem problem, Model model, HttpServletResponse response) {
        response.setStatus(problem.status());
        model.addAttribute("title", problem.title());
        model.addAttribute("message", problem.getMessage());
        return "console/problem";
    }
}

package io.mailing.console.signin;

import io.mailing.console.platform.PlatformUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.stream.StreamSupport;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The sign-in page (the form, and a "Sign in with …" link per OpenID Connect provider registered), and the page for
 * a signed-in user whose role does not allow what was asked.
 */
@Controller
class SignInPages {

    private final List<Provider> providers;

    SignInPages(ObjectProvider<ClientRegistrationRepository> registrations) {
        this.providers = registrations.getIfAvailable() instanceof Iterable<?> registered
                ? StreamSupport.stream(registered.spliterator(), false)
                        .map(ClientRegistration.class::cast)
                        .map(registration -> new Provider(
                                registration.getClientName(),
                                "/oauth2/authorization/" + registration.getRegistrationId()))
                        .toList()
                : List.of();
    }

    @GetMapping("/sign-in")
    String signIn(HttpServletRequest request, Model model) {
        HttpSession session = request.getSession(false);
        if (request.getParameter("error") != null && session != null) {
            Object failure = session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
            model.addAttribute(
                    "failure",
                    failure instanceof AuthenticationException e ? e.getMessage() : "Wrong username or password.");
        }
        model.addAttribute("expired", request.getParameter("expired") != null);
        model.addAttribute("signedOut", request.getParameter("signed-out") != null);
        model.addAttribute("providers", providers);
        return "console/sign-in";
    }

    /**
     * Reached by a forward from the security chain (status 403 set) or directly; says why: no role at all, or a
     * reading role that asked to change something.
     */
    @RequestMapping("/no-access")
    String noAccess(Model model, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        PlatformUser user = (PlatformUser) model.getAttribute("user");
        model.addAttribute("noRole", user == null || user.roles().isEmpty());
        return "console/no-access";
    }

    /** A provider to sign in with: its name as the link says it, and where the link leads. */
    record Provider(String name, String path) {}
}

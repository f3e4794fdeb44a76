package io.mailing.console.message;

import io.mailing.console.audit.AuditTrails;
import io.mailing.console.audit.Trail;
import io.mailing.console.page.Times;
import io.mailing.console.platform.PlatformClient;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A message's page: where it stands, and every step of its life from its own events (each attempt, deferral and
 * error), the answer to "why did this customer not get it".
 */
@Controller
class MessagePages {

    static final int STEPS_SHOWN = 100;

    private final PlatformClient platform;
    private final AuditTrails trails;
    private final Times times;

    MessagePages(PlatformClient platform, AuditTrails trails, Times times) {
        this.platform = platform;
        this.trails = trails;
        this.times = times;
    }

    @GetMapping("/messages/{id}")
    String message(@PathVariable UUID id, @RequestParam(required = false) Long after, Model model) {
        Message message = platform.get(uri -> uri.path("/api/v1/messages/" + id), Message.class);
        Trail trail = trails.page("messages", id, after, STEPS_SHOWN);
        model.addAttribute("message", message);
        model.addAttribute("trail", trail);
        model.addAttribute(
                "steps",
                trail.items().stream().map(entry -> Step.of(entry, times)).toList());
        return "console/message";
    }
}

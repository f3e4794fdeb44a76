package io.mailing.console.audit;

import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Any mailout's, message's or customer's id to its trail: every event that concerns it, who caused it and when. */
@Controller
class AuditPages {

    static final int PAGE_SIZE = 50;

    private final AuditTrails trails;

    AuditPages(AuditTrails trails) {
        this.trails = trails;
    }

    @GetMapping("/audit")
    String trail(
            @RequestParam(defaultValue = "mailouts") String kind,
            @RequestParam(required = false) UUID id,
            @RequestParam(required = false) Long after,
            Model model) {
        String subject = AuditTrails.KINDS.contains(kind) ? kind : AuditTrails.KINDS.get(0);
        model.addAttribute("kinds", AuditTrails.KINDS);
        model.addAttribute("kind", subject);
        model.addAttribute("id", id);
        if (id != null) {
            model.addAttribute("trail", trails.page(subject, id, after, PAGE_SIZE));
        }
        return "console/audit";
    }
}

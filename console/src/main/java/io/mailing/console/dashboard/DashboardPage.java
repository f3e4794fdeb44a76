package io.mailing.console.dashboard;

import io.mailing.console.mailout.Mailout;
import io.mailing.console.mailout.Messages;
import io.mailing.console.platform.Page;
import io.mailing.console.platform.PlatformClient;
import java.util.List;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The dashboard: mailouts and messages counted by status over everything, and the running mailouts, each with its
 * progress; the figures refresh themselves while the page is open.
 */
@Controller
class DashboardPage {

    static final int RUNNING_SHOWN = 20;

    static final List<String> MAILOUT_STATUSES = List.of("SCHEDULED", "RUNNING", "PAUSED", "COMPLETED", "CANCELLED");

    private static final ParameterizedTypeReference<Page<Mailout>> MAILOUTS = new ParameterizedTypeReference<>() {};

    private final PlatformClient platform;

    DashboardPage(PlatformClient platform) {
        this.platform = platform;
    }

    @GetMapping("/")
    String dashboard(Model model) {
        figures(model);
        return "console/dashboard";
    }

    @GetMapping("/dashboard/figures")
    String liveFigures(Model model) {
        figures(model);
        return "console/dashboard :: figures";
    }

    private void figures(Model model) {
        Overview overview = platform.get(uri -> uri.path("/api/v1/stats").queryParam("size", 1), Overview.class);
        Page<Mailout> running = platform.get(
                uri -> uri.path("/api/v1/mailouts")
                        .queryParam("status", "RUNNING")
                        .queryParam("size", RUNNING_SHOWN),
                MAILOUTS);
        model.addAttribute("totals", overview.totals());
        model.addAttribute("mailoutStatuses", MAILOUT_STATUSES);
        model.addAttribute("messageStatuses", Messages.STATUSES);
        model.addAttribute("running", running);
    }

    /** The part of {@code GET /api/v1/stats} the dashboard shows. */
    record Overview(Totals totals) {}

    record Totals(Counts mailouts, Messages messages) {}

    record Counts(long total, Map<String, Long> byStatus) {

        public long of(String status) {
            return byStatus == null ? 0 : byStatus.getOrDefault(status, 0L);
        }
    }
}

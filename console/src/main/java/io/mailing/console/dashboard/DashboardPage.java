package io.mailing.console.dashboard;

import io.mailing.console.mailout.Messages;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The dashboard: mailouts and messages counted by status over everything, the running mailouts, each with its
 * progress, rate and expected end, and a chart of the messages finished per minute over the last hours; the figures
 * refresh themselves while the page is open, from {@link DashboardFigures}, which all open dashboards share.
 */
@Controller
class DashboardPage {

    static final List<String> MAILOUT_STATUSES = List.of("SCHEDULED", "RUNNING", "PAUSED", "COMPLETED", "CANCELLED");

    private final DashboardFigures figures;

    DashboardPage(DashboardFigures figures) {
        this.figures = figures;
    }

    @GetMapping("/")
    String dashboard(Model model) {
        figures(model);
        return "console/dashboard";
    }

    @GetMapping("/dashboard/figures")
    String liveFigures(Model model) {
        figures(model);
        return "console/dashboard-live";
    }

    private void figures(Model model) {
        DashboardFigures.Figures now = figures.now();
        model.addAttribute("totals", now.totals());
        model.addAttribute("mailoutStatuses", MAILOUT_STATUSES);
        model.addAttribute("messageStatuses", Messages.STATUSES);
        model.addAttribute("running", now.running());
        model.addAttribute("runningTotal", now.runningTotal());
        model.addAttribute("chart", now.chart());
        model.addAttribute("now", Instant.now());
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

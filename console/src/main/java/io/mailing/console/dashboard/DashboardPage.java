package io.mailing.console.dashboard;

import io.mailing.console.mailout.Messages;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;

/**
 * The dashboard: mailouts and messages counted by status over everything, the running mailouts, each with its
 * progress, rate and expected end, and a chart of the messages finished per minute over the last hours; the figures
 * refresh themselves while the page is open, from {@link DashboardFigures}, which all open dashboards share. So is
 * their rendering: the figures say nothing of who reads them, so each set is rendered once, by the first dashboard to
 * ask for it, and the others are sent the same HTML: twenty open dashboards cost one render a refresh interval.
 */
@Controller
class DashboardPage {

    static final List<String> MAILOUT_STATUSES = List.of("SCHEDULED", "RUNNING", "PAUSED", "COMPLETED", "CANCELLED");

    private final DashboardFigures figures;
    private final ThymeleafViewResolver views;
    private final AtomicReference<Rendered> latest = new AtomicReference<>();

    DashboardPage(DashboardFigures figures, ThymeleafViewResolver views) {
        this.figures = figures;
        this.views = views;
    }

    @GetMapping("/")
    String dashboard(Model model) {
        figures(model, figures.now());
        return "console/dashboard";
    }

    /**
     * The live part, as the latest figures were rendered for whichever dashboard asked for them first (written
     * straight to the response: a page's part, not an API's answer).
     */
    @GetMapping("/dashboard/figures")
    void liveFigures(Model model, HttpServletRequest request, HttpServletResponse response, Locale locale)
            throws Exception {
        DashboardFigures.Figures now = figures.now();
        Rendered rendered = latest.get();
        if (rendered == null || rendered.figures() != now) {
            figures(model, now);
            rendered = new Rendered(now, render("console/dashboard-live", model, request, response, locale));
            latest.set(rendered);
        }
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write(rendered.html());
    }

    private void figures(Model model, DashboardFigures.Figures now) {
        model.addAttribute("totals", now.totals());
        model.addAttribute("mailoutStatuses", MAILOUT_STATUSES);
        model.addAttribute("messageStatuses", Messages.STATUSES);
        model.addAttribute("oneOffs", now.oneOffs());
        model.addAttribute("running", now.running());
        model.addAttribute("runningTotal", now.runningTotal());
        model.addAttribute("chart", now.chart());
        model.addAttribute("now", now.takenAt());
    }

    /** The view's HTML, written into a string instead of the response. */
    private String render(
            String view, Model model, HttpServletRequest request, HttpServletResponse response, Locale locale)
            throws Exception {
        StringWriter html = new StringWriter();
        PrintWriter writer = new PrintWriter(html);
        views.resolveViewName(view, locale).render(model.asMap(), request, new HttpServletResponseWrapper(response) {
            @Override
            public PrintWriter getWriter() {
                return writer;
            }
        });
        writer.flush();
        return html.toString();
    }

    /** Figures and the HTML they were rendered to. */
    private record Rendered(DashboardFigures.Figures figures, String html) {}

    /** The part of {@code GET /api/v1/stats} the dashboard shows. */
    /** {@code transactional}: the one-off messages applications sent, apart from the mailouts'. */
    record Overview(Totals totals, Transactional transactional) {}

    record Transactional(Messages messages) {}

    record Totals(Counts mailouts, Messages messages) {}

    record Counts(long total, Map<String, Long> byStatus) {

        public long of(String status) {
            return byStatus == null ? 0 : byStatus.getOrDefault(status, 0L);
        }
    }
}

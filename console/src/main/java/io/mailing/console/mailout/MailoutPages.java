package io.mailing.console.mailout;

import io.mailing.console.audit.AuditTrails;
import io.mailing.console.chart.Chart;
import io.mailing.console.chart.Timeline;
import io.mailing.console.message.Message;
import io.mailing.console.page.Times;
import io.mailing.console.platform.ApiProblem;
import io.mailing.console.platform.Page;
import io.mailing.console.platform.PlatformClient;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * /**
 * The mailouts: a list by status, and one mailout's page. A mailout's page shows its live progress, counts, failure
 * reasons and delivery chart, the commands its state allows (once it is finished, sending it again to the ones that
 * failed), its messages and its audit trail, or, given a time ({@code asOf}, in the console's zone), the mailout as it
 * was then, rebuilt by the platform from its events, with nothing to do with it. Every figure and every change goes
 * through the platform's API; the form that creates and edits one is {@link MailoutFormPages}.
 */
@Controller
class MailoutPages {

    static final int PAGE_SIZE = 20;

    static final int TRAIL_PAGE_SIZE = 20;

    /** Sent when a mailout's status moved on since the page showed it, so its commands are shown anew. */
    static final String STATUS_CHANGED = "mailout-status";

    private static final ParameterizedTypeReference<Page<Mailout>> MAILOUTS = new ParameterizedTypeReference<>() {};

    private static final ParameterizedTypeReference<Page<Message>> MESSAGES = new ParameterizedTypeReference<>() {};

    private final PlatformClient platform;
    private final MailoutReads mailouts;
    private final AuditTrails trails;
    private final Times times;

    MailoutPages(PlatformClient platform, MailoutReads mailouts, AuditTrails trails, Times times) {
        this.platform = platform;
        this.mailouts = mailouts;
        this.trails = trails;
        this.times = times;
    }

    @GetMapping("/mailouts")
    String list(
            @RequestParam(required = false) String status, @RequestParam(defaultValue = "0") int page, Model model) {
        String filter = status == null || status.isBlank() ? null : status;
        Page<Mailout> mailouts = platform.get(
                uri -> uri.path("/api/v1/mailouts")
                        .queryParamIfPresent("status", Optional.ofNullable(filter))
                        .queryParam("page", Math.max(page, 0))
                        .queryParam("size", PAGE_SIZE),
                MAILOUTS);
        model.addAttribute("mailouts", mailouts);
        model.addAttribute("status", filter);
        model.addAttribute("statuses", List.of("SCHEDULED", "RUNNING", "PAUSED", "COMPLETED", "CANCELLED"));
        return "console/mailouts";
    }

    @GetMapping("/mailouts/{id}")
    String mailout(
            @PathVariable UUID id,
            @RequestParam(required = false) String asOf,
            @RequestParam(name = "messages", required = false) String messageStatus,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(required = false) Long after,
            Model model) {
        Map<String, String> errors = new LinkedHashMap<>();
        model.addAttribute("errors", errors);
        model.addAttribute("asOfValue", asOf);
        if (asOf != null && !asOf.isBlank()) {
            try {
                Instant instant =
                        LocalDateTime.parse(asOf.strip()).atZone(times.zone()).toInstant();
                model.addAttribute(
                        "mailout",
                        platform.get(
                                uri -> uri.path("/api/v1/mailouts/" + id).queryParam("asOf", instant), Mailout.class));
                model.addAttribute("asOf", instant);
                return "console/mailout";
            } catch (DateTimeParseException unreadable) {
                errors.put("asOf", "must be a date and a time");
            } catch (ApiProblem refused) {
                if (refused.status() != HttpStatus.NOT_FOUND.value()) {
                    throw refused;
                }
                errors.put("asOf", "the mailout did not exist yet then");
            }
        }
        Mailout mailout = mailouts.find(id);
        live(mailout, model);
        String filter = messageStatus != null && Messages.LISTED.contains(messageStatus) ? messageStatus : null;
        model.addAttribute("messageStatus", filter);
        model.addAttribute(
                "messages",
                platform.get(
                        uri -> uri.path("/api/v1/mailouts/" + id + "/messages")
                                .queryParamIfPresent("status", Optional.ofNullable(filter))
                                .queryParam("page", Math.max(page, 0))
                                .queryParam("size", PAGE_SIZE),
                        MESSAGES));
        model.addAttribute("trail", trails.page("mailouts", id, after, TRAIL_PAGE_SIZE));
        model.addAttribute("after", after);
        return "console/mailout";
    }

    /**
     * The live part of a mailout's page, and its chart's table out of band; tells the page when the status changed
     * from the one it knows.
     */
    @GetMapping("/mailouts/{id}/progress")
    String progress(
            @PathVariable UUID id,
            @RequestParam(required = false) String known,
            Model model,
            HttpServletResponse response) {
        Mailout mailout = mailouts.find(id);
        if (known != null && !known.equals(mailout.status())) {
            response.setHeader("HX-Trigger", STATUS_CHANGED);
        }
        live(mailout, model);
        return "console/mailout-live";
    }

    @GetMapping("/mailouts/{id}/actions")
    String actions(@PathVariable UUID id, Model model) {
        model.addAttribute("mailout", mailouts.find(id));
        return "console/mailout :: actions";
    }

    /**
     * Start, pause, resume or cancel. From htmx the answer is the mailout's commands for the status the command API
     * reports (the query side may not have caught up yet); from a plain form, the mailout's page again.
     */
    @PostMapping("/mailouts/{id}/{action}")
    String act(
            @PathVariable UUID id,
            @PathVariable("action") String path,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Model model,
            RedirectAttributes redirect) {
        Action action = Action.ofPath(path);
        if (action == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        Mailout mailout = mailouts.find(id);
        String failure = null;
        try {
            String status = command(id, action);
            mailout = withStatus(mailout, status);
        } catch (ApiProblem refused) {
            failure = action.label() + " was refused: " + refused.getMessage();
            mailout = mailouts.find(id);
        }
        if (htmx == null) {
            if (failure != null) {
                redirect.addFlashAttribute("failure", failure);
            }
            return "redirect:/mailouts/" + id;
        }
        model.addAttribute("mailout", mailout);
        model.addAttribute("failure", failure);
        return "console/mailout :: actions";
    }

    /**
     * Sends a finished mailout again to the ones that failed, waits for the query API to show the follow-up, and goes
     * to its page (from htmx, by telling htmx to go there); a refusal is shown with the mailout's commands.
     */
    @PostMapping("/mailouts/{id}/follow-up")
    String followUp(
            @PathVariable UUID id,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            Mailout followUp =
                    platform.post(uri -> uri.path("/api/v1/mailouts/" + id + "/follow-ups"), null, Mailout.class);
            mailouts.awaitShown(followUp.id(), any -> true);
            mailouts.awaitShown(id, original -> followUp.id().equals(original.followUpId()));
            if (htmx == null) {
                return "redirect:/mailouts/" + followUp.id();
            }
            response.setHeader("HX-Redirect", "/mailouts/" + followUp.id());
            model.addAttribute("mailout", mailouts.find(id));
            return "console/mailout :: actions";
        } catch (ApiProblem refused) {
            String failure = "Sending again was refused: " + refused.getMessage();
            if (htmx == null) {
                redirect.addFlashAttribute("failure", failure);
                return "redirect:/mailouts/" + id;
            }
            model.addAttribute("mailout", mailouts.find(id));
            model.addAttribute("failure", failure);
            return "console/mailout :: actions";
        }
    }

    private String command(UUID id, Action action) {
        if (action == Action.CANCEL) {
            platform.delete(uri -> uri.path("/api/v1/mailouts/" + id));
            return "CANCELLED";
        }
        Map<?, ?> answer =
                platform.post(uri -> uri.path("/api/v1/mailouts/" + id + "/" + action.path()), null, Map.class);
        return String.valueOf(answer.get("status"));
    }

    /** The mailout and what changes while it runs: its failure reasons and its delivery chart. */
    private void live(Mailout mailout, Model model) {
        model.addAttribute("mailout", mailout);
        model.addAttribute(
                "delivery", platform.get(uri -> uri.path("/api/v1/stats/mailouts/" + mailout.id()), Delivery.class));
        Timeline timeline =
                platform.get(uri -> uri.path("/api/v1/stats/mailouts/" + mailout.id() + "/timeline"), Timeline.class);
        model.addAttribute("chart", Chart.of("Messages finished", timeline, times.zone()));
    }

    private static Mailout withStatus(Mailout mailout, String status) {
        return new Mailout(
                mailout.id(),
                mailout.text(),
                mailout.startAt(),
                mailout.endAt(),
                mailout.filter(),
                mailout.deliveryWindow(),
                mailout.includeLateJoiners(),
                mailout.channel(),
                mailout.subject(),
                mailout.html(),
                status,
                mailout.createdAt(),
                mailout.startedAt(),
                mailout.pausedAt(),
                mailout.cancelledAt(),
                mailout.closedAt(),
                mailout.followUpOf(),
                mailout.followUpId(),
                mailout.messages());
    }
}

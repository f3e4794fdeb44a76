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
import java.time.ZoneId;
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
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The mailouts: a list by status, one mailout's page, and the form that creates one. A mailout's page shows its live
 * progress, counts, failure reasons and delivery chart, the commands its state allows, its messages and its audit
 * trail, or, given a time ({@code asOf}, in the console's zone), the mailout as it was then, rebuilt by the platform
 * from its events, with nothing to do with it. Every figure and every change goes through the platform's API.
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
    private final AuditTrails trails;
    private final Times times;

    MailoutPages(PlatformClient platform, AuditTrails trails, Times times) {
        this.platform = platform;
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
        Mailout mailout = find(id);
        live(mailout, model);
        String filter = messageStatus != null && Messages.STATUSES.contains(messageStatus) ? messageStatus : null;
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
        Mailout mailout = find(id);
        if (known != null && !known.equals(mailout.status())) {
            response.setHeader("HX-Trigger", STATUS_CHANGED);
        }
        live(mailout, model);
        return "console/mailout-live";
    }

    @GetMapping("/mailouts/{id}/actions")
    String actions(@PathVariable UUID id, Model model) {
        model.addAttribute("mailout", find(id));
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
        Mailout mailout = find(id);
        String failure = null;
        try {
            String status = command(id, action);
            mailout = withStatus(mailout, status);
        } catch (ApiProblem refused) {
            failure = action.label() + " was refused: " + refused.getMessage();
            mailout = find(id);
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

    @GetMapping("/mailouts/new")
    String form(Model model) {
        model.addAttribute("form", MailoutForm.empty(ZoneId.systemDefault()));
        model.addAttribute("errors", Map.of());
        return "console/mailout-new";
    }

    @PostMapping("/mailouts")
    String create(@ModelAttribute("form") MailoutForm form, Model model, HttpServletResponse response) {
        Map<String, String> unreadable = new LinkedHashMap<>();
        Map<String, Object> request = form.request(unreadable);
        Map<String, String> errors = new LinkedHashMap<>();
        unreadable.forEach(
                (field, message) -> errors.putIfAbsent(field.equals("zone") ? field : formField(field), message));
        if (errors.isEmpty()) {
            try {
                Mailout created = platform.post(uri -> uri.path("/api/v1/mailouts"), request, Mailout.class);
                return "redirect:/mailouts/" + created.id();
            } catch (ApiProblem refused) {
                refused.fieldErrors().forEach((field, message) -> errors.putIfAbsent(formField(field), message));
                if (refused.fieldErrors().isEmpty()) {
                    errors.put("", refused.getMessage());
                }
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
        model.addAttribute("errors", errors);
        return "console/mailout-new";
    }

    /** The form's field for a field the API names: the closest one, or the form as a whole. */
    static String formField(String apiField) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("text", "text");
        fields.put("startAt", "start");
        fields.put("endAt", "end");
        fields.put("filter.operatorCodes", "operatorCodes");
        fields.put("filter.tags", "tags");
        fields.put("filter", "filter");
        fields.put("deliveryWindow.from", "windowFrom");
        fields.put("deliveryWindow.to", "windowTo");
        fields.put("deliveryWindow", "window");
        fields.put("includeLateJoiners", "includeLateJoiners");
        return fields.entrySet().stream()
                .filter(field -> apiField.equals(field.getKey())
                        || apiField.startsWith(field.getKey() + ".")
                        || apiField.startsWith(field.getKey() + "["))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse("");
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

    private Mailout find(UUID id) {
        return platform.get(uri -> uri.path("/api/v1/mailouts/" + id), Mailout.class);
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
                status,
                mailout.createdAt(),
                mailout.startedAt(),
                mailout.pausedAt(),
                mailout.cancelledAt(),
                mailout.closedAt(),
                mailout.messages());
    }
}

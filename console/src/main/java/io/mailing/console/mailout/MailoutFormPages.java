package io.mailing.console.mailout;

import io.mailing.console.page.Times;
import io.mailing.console.platform.ApiProblem;
import io.mailing.console.platform.PlatformClient;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The mailout form, to create a mailout or edit a scheduled one, with its live parts: the text's length in characters
 * and SMS segments, and the audience its filter selects now. After a save the console waits (a bounded while) for the
 * query API to show the change, so the mailout's page it goes to next is not stale.
 */
@Controller
class MailoutFormPages {

    private static final String TEMPLATE = "console/mailout-form";
    private static final ParameterizedTypeReference<Mailout> MAILOUT = new ParameterizedTypeReference<>() {};

    private final PlatformClient platform;
    private final MailoutReads mailouts;
    private final Times times;

    MailoutFormPages(PlatformClient platform, MailoutReads mailouts, Times times) {
        this.platform = platform;
        this.mailouts = mailouts;
        this.times = times;
    }

    @GetMapping("/mailouts/new")
    String newMailout(Model model) {
        return form(MailoutForm.empty(times.zone()), null, Map.of(), model);
    }

    @GetMapping("/mailouts/{id}/edit")
    String edit(@PathVariable UUID id, Model model, RedirectAttributes redirect) {
        Mailout mailout = mailouts.find(id);
        if (!mailout.editable()) {
            redirect.addFlashAttribute(
                    "failure", "Only a scheduled mailout can be edited; this one is " + mailout.status());
            return "redirect:/mailouts/" + id;
        }
        return form(MailoutForm.of(mailout, times.zone()), id, Map.of(), model);
    }

    @PostMapping("/mailouts")
    String create(@ModelAttribute("form") MailoutForm form, Model model, HttpServletResponse response) {
        return save(
                form,
                null,
                model,
                response,
                request -> platform.post(uri -> uri.path("/api/v1/mailouts"), request, Mailout.class));
    }

    @PostMapping("/mailouts/{id}/edit")
    String change(
            @PathVariable UUID id,
            @ModelAttribute("form") MailoutForm form,
            Model model,
            HttpServletResponse response) {
        return save(
                form,
                id,
                model,
                response,
                request -> platform.put(uri -> uri.path("/api/v1/mailouts/" + id), request, MAILOUT));
    }

    /** The text's length and SMS segments, for the live region next to the text field. */
    @PostMapping("/mailouts/text-count")
    String textCount(@RequestParam(defaultValue = "") String text, Model model) {
        model.addAttribute("sms", SmsText.of(text));
        return TEMPLATE + " :: text-count";
    }

    /** How many customers the filter selects now, and a few of them; a hint while there is no criterion. */
    @GetMapping("/mailouts/audience")
    String audience(
            @RequestParam(defaultValue = "") String operatorCodes,
            @RequestParam(defaultValue = "") String tags,
            @RequestParam(defaultValue = "SMS") String channel,
            Model model) {
        String byChannel = "EMAIL".equals(channel) ? "EMAIL" : "SMS";
        model.addAttribute("channel", byChannel);
        List<String> codes = MailoutForm.list(operatorCodes);
        List<String> tagList = MailoutForm.list(tags);
        if (codes.isEmpty() && tagList.isEmpty()) {
            model.addAttribute("hint", "Give an operator code or a tag to see who matches.");
        } else {
            try {
                model.addAttribute(
                        "audience",
                        platform.get(
                                uri -> uri.path("/api/v1/audience")
                                        .queryParam("operatorCodes", codes.toArray())
                                        .queryParam("tags", tagList.toArray())
                                        .queryParam("channel", byChannel),
                                AudiencePreview.class));
            } catch (ApiProblem refused) {
                model.addAttribute("hint", "No preview: " + refused.getMessage());
            }
        }
        return TEMPLATE + " :: audience";
    }

    /**
     * Sends the form to the command API ({@code save}), then waits for the query API to show the saved mailout and
     * goes to its page; a refusal shows the form again with each problem next to the field it names.
     */
    private String save(
            MailoutForm form,
            UUID id,
            Model model,
            HttpServletResponse response,
            Function<Map<String, Object>, Mailout> save) {
        Map<String, String> unreadable = new LinkedHashMap<>();
        Map<String, Object> request = form.request(unreadable);
        Map<String, String> errors = new LinkedHashMap<>();
        unreadable.forEach(
                (field, message) -> errors.putIfAbsent(field.equals("zone") ? field : formField(field), message));
        if (errors.isEmpty()) {
            try {
                Mailout saved = save.apply(request);
                Predicate<Mailout> shown = id == null ? any -> true : current -> current.definedAs(saved);
                mailouts.awaitShown(saved.id(), shown);
                return "redirect:/mailouts/" + saved.id();
            } catch (ApiProblem refused) {
                refused.fieldErrors().forEach((field, message) -> errors.putIfAbsent(formField(field), message));
                if (refused.fieldErrors().isEmpty()) {
                    errors.put("", refused.getMessage());
                }
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
        return form(form, id, errors, model);
    }

    private String form(MailoutForm form, UUID id, Map<String, String> errors, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("mailoutId", id);
        model.addAttribute("errors", errors);
        model.addAttribute("zones", MailoutForm.ZONES);
        model.addAttribute("sms", SmsText.of(form.text()));
        return TEMPLATE;
    }

    /** The form's field for a field the API names: the closest one, or the form as a whole. */
    private static String formField(String apiField) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("channel", "channel");
        fields.put("subject", "subject");
        fields.put("html", "html");
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
}

package io.mailing.console.customer;

import io.mailing.console.platform.ApiProblem;
import io.mailing.console.platform.Page;
import io.mailing.console.platform.PlatformClient;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.ZoneId;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The customer directory: a search by phone or e-mail address (its start), tag and operator code a page at a time, a customer's page,
 * and the forms that register, change and remove one. Reads go to the query API, changes to the command API; right
 * after a change the customer's page shows what the command API answered, as the query side may not have caught up.
 */
@Controller
class CustomerPages {

    static final int PAGE_SIZE = 20;

    private static final ParameterizedTypeReference<Page<Customer>> CUSTOMERS = new ParameterizedTypeReference<>() {};
    private static final ParameterizedTypeReference<Saved> SAVED_CUSTOMER = new ParameterizedTypeReference<>() {};
    private static final String SAVED = "saved";

    private final PlatformClient platform;

    CustomerPages(PlatformClient platform) {
        this.platform = platform;
    }

    @GetMapping("/customers")
    String list(
            @RequestParam(required = false) String phone,
            @RequestParam(required = false) String email,
            @RequestParam(required = false) String tag,
            @RequestParam(required = false) String operatorCode,
            @RequestParam(defaultValue = "0") int page,
            Model model,
            HttpServletResponse response) {
        Optional<String> byPhone = given(phone);
        Optional<String> byEmail = given(email);
        Optional<String> byTag = given(tag);
        Optional<String> byOperator = given(operatorCode);
        model.addAttribute("phone", byPhone.orElse(""));
        model.addAttribute("email", byEmail.orElse(""));
        model.addAttribute("tag", byTag.orElse(""));
        model.addAttribute("operatorCode", byOperator.orElse(""));
        try {
            model.addAttribute(
                    "customers",
                    platform.get(
                            uri -> uri.path("/api/v1/customers")
                                    .queryParamIfPresent("phone", byPhone)
                                    .queryParamIfPresent("email", byEmail)
                                    .queryParamIfPresent("tag", byTag)
                                    .queryParamIfPresent("operatorCode", byOperator)
                                    .queryParam("page", Math.max(page, 0))
                                    .queryParam("size", PAGE_SIZE),
                            CUSTOMERS));
            model.addAttribute("errors", Map.of());
        } catch (ApiProblem refused) {
            response.setStatus(refused.status());
            model.addAttribute("customers", new Page<Customer>(List.of(), 0, PAGE_SIZE, 0));
            model.addAttribute("errors", errors(refused));
        }
        return "console/customers";
    }

    @GetMapping("/customers/{id}")
    String customer(@PathVariable UUID id, Model model) {
        Saved saved =
                model.getAttribute(SAVED) instanceof Saved answer && answer.id().equals(id) ? answer : null;
        Customer known;
        try {
            known = find(id);
        } catch (ApiProblem unknown) {
            if (saved == null || unknown.status() != HttpStatus.NOT_FOUND.value()) {
                throw unknown;
            }
            known = null;
        }
        model.addAttribute("customer", saved == null ? known : saved.over(known));
        return "console/customer";
    }

    @GetMapping("/customers/new")
    String newForm(Model model) {
        model.addAttribute("form", CustomerForm.empty(ZoneId.systemDefault().getId()));
        model.addAttribute("errors", Map.of());
        return "console/customer-form";
    }

    @PostMapping("/customers")
    String create(
            @ModelAttribute("form") CustomerForm form,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            Saved created = platform.post(uri -> uri.path("/api/v1/customers"), form.request(), Saved.class);
            redirect.addFlashAttribute(SAVED, created);
            redirect.addFlashAttribute("notice", "Customer registered.");
            return "redirect:/customers/" + created.id();
        } catch (ApiProblem refused) {
            return refusedForm(refused, model, response);
        }
    }

    @GetMapping("/customers/{id}/edit")
    String editForm(@PathVariable UUID id, Model model) {
        Customer customer = find(id);
        model.addAttribute("customer", customer);
        model.addAttribute("form", CustomerForm.of(customer));
        model.addAttribute("errors", Map.of());
        return "console/customer-form";
    }

    @PostMapping("/customers/{id}")
    String change(
            @PathVariable UUID id,
            @ModelAttribute("form") CustomerForm form,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            Saved changed = platform.put(uri -> uri.path("/api/v1/customers/" + id), form.request(), SAVED_CUSTOMER);
            redirect.addFlashAttribute(SAVED, changed);
            redirect.addFlashAttribute("notice", "Customer changed.");
            return "redirect:/customers/" + id;
        } catch (ApiProblem refused) {
            model.addAttribute("customer", find(id));
            return refusedForm(refused, model, response);
        }
    }

    @GetMapping("/customers/{id}/remove")
    String removeConfirmation(@PathVariable UUID id, Model model) {
        model.addAttribute("customer", find(id));
        return "console/customer-remove";
    }

    @PostMapping("/customers/{id}/remove")
    String remove(@PathVariable UUID id, RedirectAttributes redirect) {
        Customer customer = find(id);
        platform.delete(uri -> uri.path("/api/v1/customers/" + id));
        redirect.addFlashAttribute("notice", "Customer " + customer.label() + " removed.");
        return "redirect:/customers";
    }

    private static String refusedForm(ApiProblem refused, Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
        model.addAttribute("errors", errors(refused));
        return "console/customer-form";
    }

    /**
     * The API's refusal by the form's fields (a 409 names the phone or e-mail address another customer holds); what
     * names no field goes to the form itself.
     */
    private static Map<String, String> errors(ApiProblem refused) {
        Map<String, String> errors = new LinkedHashMap<>();
        refused.fieldErrors().forEach((field, message) -> errors.putIfAbsent(CustomerForm.field(field), message));
        if (errors.isEmpty()) {
            errors.put("", refused.getMessage());
        }
        return errors;
    }

    private Customer find(UUID id) {
        return platform.get(uri -> uri.path("/api/v1/customers/" + id), Customer.class);
    }

    private static Optional<String> given(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(text -> !text.isEmpty());
    }

    /** A customer as the query API shows one: a phone, an e-mail address or both. */
    record Customer(
            UUID id,
            String phone,
            String operatorCode,
            String email,
            List<String> tags,
            String timeZone,
            boolean active,
            Instant registeredAt,
            Instant changedAt) {

        public Customer {
            tags = tags == null ? List.of() : tags;
        }

        /** How a page names the customer: the phone, else the e-mail address. */
        public String label() {
            return phone != null ? phone : email;
        }
    }

    /** A customer as the command API answers a register or a change: as saved, phone and time zone normalised. */
    record Saved(UUID id, String phone, String operatorCode, String email, List<String> tags, String timeZone) {

        /** The customer as saved, with the dates the query side knows, if it knows them yet. */
        Customer over(Customer known) {
            return new Customer(
                    id,
                    phone,
                    operatorCode,
                    email,
                    tags,
                    timeZone,
                    true,
                    known == null ? null : known.registeredAt(),
                    known == null ? null : known.changedAt());
        }
    }
}

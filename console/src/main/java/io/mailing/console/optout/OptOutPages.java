package io.mailing.console.optout;

import io.mailing.console.optout.AddressLines.Line;
import io.mailing.console.page.UploadLimit;
import io.mailing.console.platform.ApiProblem;
import io.mailing.console.platform.Page;
import io.mailing.console.platform.PlatformClient;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriBuilder;

/**
 * The opt-out lists: every address on the list of a channel, newest first, narrowed to a channel and searched by the
 * start of an address, a page at a time; for ADMINs, a form that puts one address on a list, a confirmation page that
 * takes one off, and the import of a list of addresses. Reads go to the query API, changes to the command API; after
 * a change the console waits, a bounded while, until the query API shows it, so that the list it goes back to is not
 * stale.
 */
@Controller
class OptOutPages {

    static final int PAGE_SIZE = 20;

    /** The channels, as the API names them. */
    static final List<String> CHANNELS = List.of("SMS", "EMAIL");

    /** How long a change may take to show before the console goes on regardless. */
    static final Duration PATIENCE = Duration.ofSeconds(3);

    private static final Duration POLL = Duration.ofMillis(100);
    private static final ParameterizedTypeReference<Page<OptOut>> OPT_OUTS = new ParameterizedTypeReference<>() {};
    private static final String NOTICE = "notice";

    private final PlatformClient platform;
    private final OptOutImports imports;

    OptOutPages(PlatformClient platform, OptOutImports imports) {
        this.platform = platform;
        this.imports = imports;
    }

    @GetMapping("/opt-outs")
    String list(
            @RequestParam(required = false) String channel,
            @RequestParam(required = false) String address,
            @RequestParam(defaultValue = "0") int page,
            Model model,
            HttpServletResponse response) {
        model.addAttribute("form", new AddForm(known(channel) ? channel : CHANNELS.get(0), ""));
        model.addAttribute("formErrors", Map.of());
        return listPage(channel, address, page, model, response);
    }

    /** Puts one address on the list of its channel ({@code POST /api/v1/opt-outs}: 201, or 200 if it was on it). */
    @PostMapping("/opt-outs")
    String add(
            @RequestParam(required = false) String channel,
            @RequestParam(required = false) String address,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        AddForm form = new AddForm(channel, address);
        ResponseEntity<Added> answer;
        try {
            answer = platform.postForEntity(uri -> uri.path("/api/v1/opt-outs"), form.request(), Added.class);
        } catch (ApiProblem refused) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            model.addAttribute("form", form);
            model.addAttribute("formErrors", errors(refused));
            return listPage(null, null, 0, model, response);
        }
        Added added = answer.getBody();
        awaitShown(added.channel(), added.address(), true);
        String list = OptOut.channelName(added.channel()) + " opt-out list";
        redirect.addFlashAttribute(
                NOTICE,
                answer.getStatusCode().value() == HttpStatus.CREATED.value()
                        ? added.address() + " is on the " + list + " now: nothing more is sent to it on that channel."
                        : added.address() + " was on the " + list + " already.");
        return "redirect:/opt-outs";
    }

    @GetMapping("/opt-outs/remove")
    String removeConfirmation(@RequestParam String channel, @RequestParam String address, Model model) {
        model.addAttribute("optOut", found(channel, address));
        return "console/opt-out-remove";
    }

    /** Takes one address off the list of its channel ({@code DELETE /api/v1/opt-outs/{channel}/{address}}). */
    @PostMapping("/opt-outs/remove")
    String remove(@RequestParam String channel, @RequestParam String address, RedirectAttributes redirect) {
        String list = OptOut.channelName(channel) + " opt-out list";
        try {
            platform.delete(at(channel, address, "/api/v1/opt-outs"));
        } catch (ApiProblem refused) {
            if (refused.status() != HttpStatus.NOT_FOUND.value()) {
                throw refused;
            }
            redirect.addFlashAttribute(NOTICE, address + " was not on the " + list + ".");
            return "redirect:/opt-outs";
        }
        awaitShown(channel, address, false);
        redirect.addFlashAttribute(
                NOTICE, address + " is off the " + list + ": it may be messaged on that channel again.");
        return "redirect:/opt-outs";
    }

    @GetMapping("/opt-outs/import")
    String importForm(@RequestParam(name = "too-large", required = false) String tooLarge, Model model) {
        Map<String, String> errors = tooLarge == null
                ? Map.of()
                : Map.of(
                        "file",
                        "The file is larger than " + UploadLimit.MAX_UPLOAD.toMegabytes()
                                + " MB: split it into smaller files and import them one after the other.");
        return importPage(new ImportForm(CHANNELS.get(0), ""), errors, model);
    }

    /**
     * Imports the addresses of the text box or of the file, one a line, into the list of a channel; the result (counts
     * and refused lines) is shown on the import page it goes back to.
     */
    @PostMapping("/opt-outs/import")
    String importList(
            @RequestParam(required = false) String channel,
            @RequestParam(required = false) String addresses,
            @RequestParam(name = "file", required = false) MultipartFile file,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect)
            throws IOException {
        ImportForm form = new ImportForm(channel, addresses == null ? "" : addresses);
        boolean typed = !form.addresses().isBlank();
        boolean uploaded = file != null && !file.isEmpty();
        Map<String, String> errors = new LinkedHashMap<>();
        List<Line> lines = List.of();
        if (typed && uploaded) {
            errors.put("addresses", "Give the addresses here or as a file, not both.");
        } else {
            lines = AddressLines.of(uploaded ? new String(file.getBytes(), StandardCharsets.UTF_8) : form.addresses());
            if (lines.isEmpty()) {
                errors.put(uploaded ? "file" : "addresses", "Give at least one address, one a line.");
            } else if (lines.size() > OptOutImports.MAX_ADDRESSES) {
                errors.put(
                        uploaded ? "file" : "addresses",
                        "The list has " + lines.size() + " addresses; an import takes at most "
                                + OptOutImports.MAX_ADDRESSES + ": split it and import the parts one after the other.");
            }
        }
        if (errors.isEmpty()) {
            try {
                redirect.addFlashAttribute("result", imports.importAll(form.channel(), lines));
                return "redirect:/opt-outs/import";
            } catch (ApiProblem refused) {
                errors.putAll(errors(refused));
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
        return importPage(form, errors, model);
    }

    private String listPage(String channel, String address, int page, Model model, HttpServletResponse response) {
        Optional<String> byChannel = given(channel);
        Optional<String> byAddress = given(address);
        model.addAttribute("channels", CHANNELS);
        model.addAttribute("channel", byChannel.orElse(""));
        model.addAttribute("address", byAddress.orElse(""));
        try {
            model.addAttribute(
                    "optOuts",
                    platform.get(
                            uri -> uri.path("/api/v1/opt-outs")
                                    .queryParamIfPresent("channel", byChannel)
                                    .queryParamIfPresent("address", byAddress)
                                    .queryParam("page", Math.max(page, 0))
                                    .queryParam("size", PAGE_SIZE),
                            OPT_OUTS));
            model.addAttribute("errors", Map.of());
        } catch (ApiProblem refused) {
            if (response.getStatus() < 400) {
                response.setStatus(refused.status());
            }
            model.addAttribute("optOuts", new Page<OptOut>(List.of(), 0, PAGE_SIZE, 0));
            model.addAttribute("errors", errors(refused));
        }
        return "console/opt-outs";
    }

    private String importPage(ImportForm form, Map<String, String> errors, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("channels", CHANNELS);
        model.addAttribute("errors", errors);
        model.addAttribute("maxAddresses", OptOutImports.MAX_ADDRESSES);
        model.addAttribute("maxMegabytes", UploadLimit.MAX_UPLOAD.toMegabytes());
        return "console/opt-out-import";
    }

    /** The entry of this address on the list of this channel, as the query API shows it; 404 when it is not on it. */
    private OptOut found(String channel, String address) {
        return platform.get(at(channel, address, "/api/v1/opt-outs"), OptOut.class);
    }

    /** The entry, or {@code null} when the address is not on the list (or is no address of the channel). */
    private OptOut find(String channel, String address) {
        if (!known(channel) || address == null || address.isBlank()) {
            return null;
        }
        try {
            return found(channel, address.strip());
        } catch (ApiProblem unknown) {
            return null;
        }
    }

    /**
     * Waits up to {@link #PATIENCE} until the query API shows the address on the list ({@code listed}) or off it;
     * the query side takes in the command side's events a moment after a command succeeds.
     */
    private void awaitShown(String channel, String address, boolean listed) {
        Instant giveUp = Instant.now().plus(PATIENCE);
        while ((find(channel, address) != null) != listed && Instant.now().isBefore(giveUp)) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** {@code /api/v1/opt-outs/{channel}/{address}}, each segment encoded as a path segment. */
    private static Function<UriBuilder, UriBuilder> at(String channel, String address, String path) {
        return uri -> uri.path(path).pathSegment(channel, address);
    }

    /** The API's refusal by the form's fields ({@code channel}, {@code address}…); what names none, by the form. */
    private static Map<String, String> errors(ApiProblem refused) {
        Map<String, String> errors = new LinkedHashMap<>();
        refused.fieldErrors().forEach((field, message) -> errors.putIfAbsent(field.split("[.\\[]", 2)[0], message));
        if (errors.isEmpty()) {
            errors.put("", refused.getMessage());
        }
        return errors;
    }

    /** Whether this is a channel's name (a {@code List.of} refuses to look for {@code null}). */
    private static boolean known(String channel) {
        return channel != null && CHANNELS.contains(channel);
    }

    private static Optional<String> given(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(text -> !text.isEmpty());
    }

    /** The form that puts one address on a list, as typed. */
    record AddForm(String channel, String address) {

        /** The body of {@code POST /api/v1/opt-outs}; a blank channel is none, for the API to name. */
        Map<String, Object> request() {
            Map<String, Object> body = new LinkedHashMap<>();
            if (channel != null && !channel.isBlank()) {
                body.put("channel", channel.strip());
            }
            body.put("address", address == null ? "" : address);
            return body;
        }
    }

    /** The import form as typed: the channel, and the addresses of its text box. */
    record ImportForm(String channel, String addresses) {}

    /** The command API's answer to an opt-out: the address as the list keeps it. */
    record Added(String id, String channel, String address) {}
}

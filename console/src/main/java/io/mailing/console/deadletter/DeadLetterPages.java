package io.mailing.console.deadletter;

import io.mailing.console.platform.ApiProblem;
import io.mailing.console.platform.Page;
import io.mailing.console.platform.PlatformClient;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriBuilder;

/**
 * The events the platform's processors parked after they kept failing (ADMIN only), through the admin API
 * ({@code /api/v1/admin/dead-letters}): a page of them, oldest first, and the ways out: retry a letter's sequence,
 * retry every letter of a processor, or evict a letter for good after a confirmation (recorded in the audit trail).
 */
@Controller
class DeadLetterPages {

    static final int PAGE_SIZE = 50;

    private static final String API = "/api/v1/admin/dead-letters";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final ParameterizedTypeReference<Page<DeadLetter>> LETTERS = new ParameterizedTypeReference<>() {};

    private final PlatformClient platform;

    DeadLetterPages(PlatformClient platform) {
        this.platform = platform;
    }

    @GetMapping("/dead-letters")
    String list(@RequestParam(defaultValue = "0") int page, Model model) {
        Page<DeadLetter> letters = platform.get(
                uri -> uri.path(API).queryParam("page", Math.max(page, 0)).queryParam("size", PAGE_SIZE), LETTERS);
        model.addAttribute("letters", letters);
        model.addAttribute(
                "processors",
                letters.items().stream()
                        .map(DeadLetter::processor)
                        .distinct()
                        .sorted()
                        .toList());
        return "console/dead-letters";
    }

    @PostMapping("/dead-letters/{id}/retry")
    String retry(@PathVariable String id, RedirectAttributes redirect) {
        return retried(() -> whereItRuns(uri -> letter(uri, id).pathSegment("retry")), redirect);
    }

    /**
     * Every parked sequence of one processor, retried where that processor runs; or of every processor, each service
     * retrying those it runs.
     */
    @PostMapping("/dead-letters/retry")
    String retryAll(@RequestParam(required = false) String processor, RedirectAttributes redirect) {
        Optional<String> of = Optional.ofNullable(processor).filter(name -> !name.isBlank());
        Function<UriBuilder, UriBuilder> retry = uri -> uri.path(API + "/retry").queryParamIfPresent("processor", of);
        if (of.isPresent()) {
            return retried(() -> whereItRuns(retry), redirect);
        }
        return retried(
                () -> platform.processorServices().stream()
                        .map(service -> platform.post(service, retry, null, RetryResult.class))
                        .reduce(new RetryResult(0, 0), RetryResult::plus),
                redirect);
    }

    /**
     * A retry asked of each service that runs processors in turn, until one runs the letter's processor: the others
     * answer 409 (in the standalone run there is only one, which runs them all).
     */
    private RetryResult whereItRuns(Function<UriBuilder, UriBuilder> retry) {
        ApiProblem notHere = null;
        for (URI service : platform.processorServices()) {
            try {
                return platform.post(service, retry, null, RetryResult.class);
            } catch (ApiProblem refused) {
                if (refused.status() != HttpStatus.CONFLICT.value()) {
                    throw refused;
                }
                notHere = refused;
            }
        }
        throw notHere;
    }

    @GetMapping("/dead-letters/{id}/evict")
    String evictConfirmation(@PathVariable String id, Model model) {
        model.addAttribute("letter", platform.get(uri -> letter(uri, id), DeadLetter.class));
        return "console/dead-letter-evict";
    }

    @PostMapping("/dead-letters/{id}/evict")
    String evict(@PathVariable String id, RedirectAttributes redirect) {
        DeadLetter letter = platform.get(uri -> letter(uri, id), DeadLetter.class);
        platform.delete(uri -> letter(uri, id));
        redirect.addFlashAttribute(
                "notice", "Evicted the " + letter.eventType() + " event parked by " + letter.processor() + ".");
        return "redirect:/dead-letters";
    }

    private static String retried(Supplier<RetryResult> retry, RedirectAttributes redirect) {
        try {
            RetryResult result = retry.get();
            redirect.addFlashAttribute(
                    "notice", "Retried: " + result.retried() + " handled, " + result.stillParked() + " still parked.");
        } catch (ApiProblem refused) {
            redirect.addFlashAttribute("failure", "Retry was refused: " + refused.getMessage());
        }
        return "redirect:/dead-letters";
    }

    private static UriBuilder letter(UriBuilder uri, String id) {
        if (!ID.matcher(id).matches()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return uri.path(API).pathSegment(id);
    }

    /** A parked event as the admin API shows it. */
    record DeadLetter(
            String id,
            String processor,
            String eventId,
            String eventType,
            String aggregateId,
            Instant occurredAt,
            Instant firstFailure,
            Instant lastFailure,
            String errorType,
            String error,
            int tries) {}

    /** What a retry did. */
    record RetryResult(int retried, long stillParked) {

        RetryResult plus(RetryResult other) {
            return new RetryResult(retried + other.retried, stillParked + other.stillParked);
        }
    }
}

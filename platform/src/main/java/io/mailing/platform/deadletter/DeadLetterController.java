package io.mailing.platform.deadletter;

import io.mailing.platform.deadletter.DeadLetters.DeadLetterPage;
import io.mailing.platform.deadletter.DeadLetters.DeadLetterView;
import io.mailing.platform.deadletter.DeadLetters.RetryResult;
import io.mailing.platform.problem.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(DeadLetterController.PATH)
@Tag(
        name = "Dead letters",
        description = "Events a processor parked after they kept failing: list them, retry them after a fix, or"
                + " evict them (recorded in the audit trail). ADMIN only.")
class DeadLetterController {

    static final String PATH = "/api/v1/admin/dead-letters";
    private static final int MAX_SIZE = 500;
    private static final Pattern PROCESSOR = Pattern.compile("[a-z0-9-]{1,64}");

    private final DeadLetters deadLetters;

    DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    @Operation(
            operationId = "listDeadLetters",
            summary = "Parked events, oldest first",
            description = "Each with its processor, event id and type, aggregate, first and last failure, error and"
                    + " tries.")
    DeadLetterPage list(
            @RequestParam(required = false) @Parameter(description = "only this processor's letters") String processor,
            @RequestParam(defaultValue = "0") @Parameter(description = "page number, from 0") int page,
            @RequestParam(defaultValue = "50") @Parameter(description = "letters per page, 1 to 500") int size) {
        checkProcessor(processor);
        if (page < 0 || page > 1_000_000) {
            throw new InvalidInputException("page", "must be between 0 and 1000000");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidInputException("size", "must be between 1 and " + MAX_SIZE);
        }
        return deadLetters.list(processor, page, size);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getDeadLetter", summary = "One parked event", description = "As in the list.")
    DeadLetterView one(@PathVariable @Parameter(description = "the letter's id") String id) {
        return deadLetters.get(id);
    }

    @PostMapping("/{id}/retry")
    @Operation(
            operationId = "retryDeadLetter",
            summary = "Retry a parked event's sequence",
            description = "Hands the letter's sequence to its processor again, oldest first; each letter handled"
                    + " evicts itself, the first that fails again stays parked with its new error. 409 when the"
                    + " processor does not run in this service.")
    RetryResult retry(@PathVariable @Parameter(description = "the letter's id") String id) {
        return deadLetters.retry(id);
    }

    @PostMapping("/retry")
    @Operation(
            operationId = "retryDeadLetters",
            summary = "Retry every parked sequence",
            description = "Of one processor, or of every processor this service runs; at most 1,000 sequences a call.")
    RetryResult retryAll(
            @RequestParam(required = false) @Parameter(description = "only this processor's letters")
                    String processor) {
        checkProcessor(processor);
        return deadLetters.retryAll(processor);
    }

    /** A processor's name is kebab-case ({@code query-mailouts}); anything else names none. */
    private static void checkProcessor(String processor) {
        if (processor != null && !PROCESSOR.matcher(processor).matches()) {
            throw new InvalidInputException("processor", "must be a processor's name: 1 to 64 of a-z, 0-9 and -");
        }
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "evictDeadLetter",
            summary = "Evict a parked event for good",
            description = "Its processor will never handle it; a `DeadLetterEvicted` event records who did it in the"
                    + " trails of the mailout, message and customer it named.")
    void evict(@PathVariable @Parameter(description = "the letter's id") String id) {
        deadLetters.evict(id);
    }
}

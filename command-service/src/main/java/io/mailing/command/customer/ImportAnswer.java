package io.mailing.command.customer;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mailing.platform.problem.InvalidInputException;
import io.mailing.platform.problem.Violation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.UUID;

/**
 * The answer to a streamed import, bounded whatever the body's size: counts, and the refused rows with the lowest
 * line numbers (at most {@code mailing.customers.import.max-listed-rejections}; {@code moreRejections} says how many
 * more there were). The registered customers are not listed: a million ids would be a million-element answer, and
 * each is in the event store and the query API.
 */
@Schema(description = "The outcome of a streamed import")
record ImportAnswer(
        @Schema(description = "lines read, the header and blank lines included")
        int lines,

        @Schema(description = "customers registered") int accepted,
        @Schema(description = "rows refused") int rejected,

        @Schema(description = "the refused rows with the lowest line numbers, in line order")
        List<Rejection> rejections,

        @Schema(description = "refused rows not listed") int moreRejections) {

    /**
     * One refused row, as a problem detail of its own (RFC 9457's members where they apply): its line, the kind of
     * failure and its status had the row been sent alone (400 invalid, 409 phone taken), every broken rule by field
     * ({@code row}: the line as a whole), and the holder of the phone when it is taken.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Rejection(
            @Schema(description = "the row's line in the body, counted from 1")
            int line,

            @Schema(example = "urn:mailing:problem:invalid-input")
            URI type,

            @Schema(example = "400") int status,
            List<Violation> errors,

            @Schema(description = "the customer who holds the phone (status 409)")
            UUID existingId) {

        static final URI INVALID = URI.create("urn:mailing:problem:invalid-input");
        static final URI CONFLICT = URI.create("urn:mailing:problem:conflict");

        static Rejection invalid(int line, InvalidInputException e) {
            return new Rejection(line, INVALID, 400, ImportFormat.asRowViolations(e.violations()), null);
        }

        static Rejection invalid(int line, String field, String message) {
            return new Rejection(line, INVALID, 400, List.of(new Violation(field, message)), null);
        }

        static Rejection conflict(int line, List<Violation> errors, UUID existingId) {
            return new Rejection(line, CONFLICT, 409, errors, existingId);
        }
    }

    /** The counts of an import as it goes, keeping only the first rejections by line. */
    static final class Tally {

        private final int maxListed;
        private final PriorityQueue<Rejection> listed =
                new PriorityQueue<>(Comparator.comparingInt(Rejection::line).reversed());
        private int accepted;
        private int rejected;

        Tally(int maxListed) {
            this.maxListed = maxListed;
        }

        void accept() {
            accepted++;
        }

        void reject(Rejection rejection) {
            rejected++;
            listed.add(rejection);
            if (listed.size() > maxListed) {
                listed.poll();
            }
        }

        ImportAnswer answer(int lines) {
            List<Rejection> inOrder = new ArrayList<>(listed);
            inOrder.sort(Comparator.comparingInt(Rejection::line));
            return new ImportAnswer(lines, accepted, rejected, inOrder, rejected - inOrder.size());
        }
    }
}

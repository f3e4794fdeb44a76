package io.mailing.command.customer;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mailing.platform.problem.Violation;
import java.util.List;
import java.util.UUID;

/**
 * The outcome of an import, row by row: the customers registered (by their index in the array) and the rows
 * refused, each with every reason; a row whose phone is already registered names that customer.
 */
record ImportResult(int accepted, int rejected, List<Registered> registered, List<Rejected> rejections) {

    record Registered(int index, UUID id) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Rejected(int index, List<Violation> errors, UUID existingId) {}

    static ImportResult of(List<Registered> registered, List<Rejected> rejections) {
        return new ImportResult(registered.size(), rejections.size(), registered, rejections);
    }
}

package io.mailing.command.customer;

import java.util.List;
import java.util.UUID;

/** A customer as the API shows it: the phone as digits, the operator code resolved, the time zone normalised. */
record CustomerResponse(UUID id, String phone, String operatorCode, List<String> tags, String timeZone) {

    static CustomerResponse of(CustomerId id, CustomerDetails details) {
        return new CustomerResponse(
                id.value(),
                details.phone().digits(),
                details.operatorCode().value(),
                details.tags(),
                details.timeZone());
    }
}

package io.mailing.command.customer;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/**
 * A customer as the API shows it: the phone as digits, the e-mail address in lower case, the operator code resolved,
 * the time zone normalised; an address the customer has not is left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CustomerResponse(UUID id, String phone, String operatorCode, String email, List<String> tags, String timeZone) {

    static CustomerResponse of(CustomerId id, CustomerDetails details) {
        return new CustomerResponse(
                id.value(),
                details.phoneDigits(),
                details.operatorCodeValue(),
                details.emailValue(),
                details.tags(),
                details.timeZone());
    }
}

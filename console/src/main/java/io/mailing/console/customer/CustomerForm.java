package io.mailing.console.customer;

import io.mailing.console.customer.CustomerPages.Customer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The create and edit form of a customer as typed: a phone, an e-mail address or both (a blank one is none), tags as
 * a comma-separated list, a blank operator code left for the API to imply from a Russian phone. {@link #request()} is
 * the command API's body, which checks every field.
 */
record CustomerForm(String phone, String operatorCode, String email, String tags, String timeZone) {

    /** The form's fields, each named as the API names it. */
    static final List<String> FIELDS = List.of("phone", "operatorCode", "email", "tags", "timeZone");

    static CustomerForm empty(String timeZone) {
        return new CustomerForm("", "", "", "", timeZone);
    }

    static CustomerForm of(Customer customer) {
        return new CustomerForm(
                blankIfNone(customer.phone()),
                blankIfNone(customer.operatorCode()),
                blankIfNone(customer.email()),
                String.join(", ", customer.tags()),
                customer.timeZone());
    }

    private static String blankIfNone(String value) {
        return value == null ? "" : value;
    }

    /** The body of {@code POST /api/v1/customers} and {@code PUT /api/v1/customers/{id}}. */
    Map<String, Object> request() {
        Map<String, Object> body = new LinkedHashMap<>();
        if (phone != null && !phone.isBlank()) {
            body.put("phone", phone);
        }
        if (operatorCode != null && !operatorCode.isBlank()) {
            body.put("operatorCode", operatorCode.strip());
        }
        if (email != null && !email.isBlank()) {
            body.put("email", email);
        }
        body.put(
                "tags",
                tags == null
                        ? List.of()
                        : Arrays.stream(tags.split(","))
                                .map(String::strip)
                                .filter(tag -> !tag.isEmpty())
                                .toList());
        body.put("timeZone", timeZone == null ? "" : timeZone.strip());
        return body;
    }

    /** The form's field for a field the API names ({@code tags[2]} is the tags field), or the form as a whole. */
    static String field(String apiField) {
        String field = apiField.split("[.\\[]", 2)[0];
        return FIELDS.contains(field) ? field : "";
    }
}

package io.mailing.command.customer;

import java.util.List;

/**
 * Everything a customer is, valid as a whole: the operator code is known (given, or implied by a Russian number),
 * the tags are distinct and at most {@value #MAX_TAGS}.
 */
record CustomerDetails(PhoneNumber phone, OperatorCode operatorCode, List<String> tags, String timeZone) {

    static final int MAX_TAGS = 20;

    /** How many tags a request may list, repeats included; a longer list is refused before any tag is read. */
    static final int MAX_GIVEN_TAGS = 100;

    CustomerDetails {
        tags = List.copyOf(tags);
    }
}

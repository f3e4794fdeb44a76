package io.mailing.command.customer;

import io.mailing.platform.text.EmailAddress;
import io.mailing.platform.text.PhoneNumber;
import java.util.List;

/**
 * Everything a customer is, valid as a whole: a phone, an e-mail address or both; with a phone, its operator code is
 * known (given, or implied by a Russian number), without one there is none; the tags are distinct and at most
 * {@value #MAX_TAGS}.
 *
 * @param phone {@code null} for a customer reached by e-mail only
 * @param email {@code null} for a customer reached by phone only
 * @param operatorCode {@code null} exactly when {@code phone} is
 */
record CustomerDetails(
        PhoneNumber phone, EmailAddress email, OperatorCode operatorCode, List<String> tags, String timeZone) {

    static final int MAX_TAGS = 20;

    /** How many tags a request may list, repeats included; a longer list is refused before any tag is read. */
    static final int MAX_GIVEN_TAGS = 100;

    CustomerDetails {
        if (phone == null && email == null) {
            throw new IllegalArgumentException("a customer needs a phone or an e-mail address");
        }
        if ((phone == null) != (operatorCode == null)) {
            throw new IllegalArgumentException("an operator code goes with a phone, and only with one");
        }
        tags = List.copyOf(tags);
    }

    /** The addresses that reach this customer, which no other active customer may hold. */
    List<ContactAddress> addresses() {
        return ContactAddress.of(phoneDigits(), emailValue());
    }

    String phoneDigits() {
        return phone == null ? null : phone.digits();
    }

    String emailValue() {
        return email == null ? null : email.value();
    }

    String operatorCodeValue() {
        return operatorCode == null ? null : operatorCode.value();
    }
}

package io.mailing.events.customer;

import java.util.List;
import java.util.UUID;

/**
 * An event that carries a customer's whole state as it now is: their registration or a change. A reader that keeps
 * customers handles both alike.
 */
public sealed interface CustomerDetailsEvent permits CustomerRegistered, CustomerChanged {

    UUID customerId();

    /** E.164 digits without {@code +}; {@code null} for a customer reached by e-mail only. */
    String phone();

    /** Three digits; {@code null} exactly when {@code phone} is. */
    String operatorCode();

    List<String> tags();

    String timeZone();

    /** In lower case; {@code null} for a customer reached by phone only. */
    String email();
}

package io.mailing.sending.oneoff;

import io.mailing.events.mailout.Channel;
import io.mailing.platform.problem.InvalidInputException;
import io.mailing.platform.problem.InvalidValueException;
import io.mailing.platform.text.EmailAddress;
import io.mailing.platform.text.PhoneNumber;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Whom a one-off goes to: a customer named by id, at their address for the channel (from the sending service's own
 * copy of the directory, {@code sending.audience}, which follows the customer events within moments), or an address
 * as given, read by the rules a customer's is read by. A one-off to an address names no customer, even if one has it.
 */
@Component
class Recipients {

    /** Where a one-off goes. */
    record Recipient(UUID customerId, String phone, String email) {

        String address() {
            return phone != null ? phone : email;
        }
    }

    private final JdbcTemplate jdbc;

    Recipients(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The recipient {@code to} names; a 400 naming {@code to} when it names none that the channel can reach. */
    Recipient of(Channel channel, String to) {
        UUID customerId = customerId(to);
        if (customerId == null) {
            try {
                return channel == Channel.SMS
                        ? new Recipient(null, PhoneNumber.of(to).digits(), null)
                        : new Recipient(null, null, EmailAddress.of(to).value());
            } catch (InvalidValueException e) {
                throw new InvalidInputException(
                        "to",
                        "must be a customer's id or "
                                + (channel == Channel.SMS ? "a phone number: " : "an e-mail address: ")
                                + e.getMessage());
            }
        }
        List<Recipient> found = jdbc.query(
                "SELECT phone, email FROM sending.audience WHERE customer_id = ? AND active",
                (rs, row) -> new Recipient(
                        customerId,
                        channel == Channel.SMS ? rs.getString("phone") : null,
                        channel == Channel.EMAIL ? rs.getString("email") : null),
                customerId);
        if (found.isEmpty()) {
            throw new InvalidInputException(
                    "to", "names no active customer (one registered a moment ago may not be known here yet)");
        }
        Recipient recipient = found.get(0);
        if (recipient.address() == null) {
            throw new InvalidInputException(
                    "to",
                    "customer " + customerId + " has no " + (channel == Channel.SMS ? "phone" : "e-mail address"));
        }
        return recipient;
    }

    private static UUID customerId(String to) {
        if (to.length() != 36 || to.indexOf('-') != 8) {
            return null;
        }
        try {
            return UUID.fromString(to);
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }
}

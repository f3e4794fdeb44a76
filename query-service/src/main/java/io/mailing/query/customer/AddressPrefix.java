package io.mailing.query.customer;

import io.mailing.platform.problem.InvalidInputException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The start of a phone number or of an e-mail address, normalised as the command side normalises a customer's: a
 * phone's {@code +}, spaces, dashes and parentheses dropped, digits kept (1 to 15, a phone has at most 15); an e-mail
 * address's spaces around it dropped and letters in lower case (1 to 254 printable ASCII characters). Anything else is
 * a 400 naming the parameter.
 *
 * <p>Its customers are those whose address lies in {@code [value, upperBound)} compared byte by byte ({@code COLLATE
 * "C"}): a range the directory's index answers whatever the plan, where a {@code LIKE} with a parameter would not.
 */
public record AddressPrefix(String value) {

    private static final int MAX_RAW_PHONE_LENGTH = 32;
    private static final int MAX_EMAIL_LENGTH = 254;
    private static final Pattern DIGITS = Pattern.compile("\\d{1,15}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s()\\-]");
    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x21-\\x7e]+");

    /** The phone prefix typed, or {@code null} when none was (a blank value filters nothing). */
    public static AddressPrefix phone(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.length() > MAX_RAW_PHONE_LENGTH) {
            throw new InvalidInputException("phone", "must be at most " + MAX_RAW_PHONE_LENGTH + " characters");
        }
        String stripped = SEPARATORS.matcher(raw.strip()).replaceAll("");
        String digits = stripped.startsWith("+") ? stripped.substring(1) : stripped;
        if (!DIGITS.matcher(digits).matches()) {
            throw new InvalidInputException(
                    "phone",
                    "must be the start of a phone: 1 to 15 digits (+, spaces, dashes and parentheses allowed)");
        }
        return new AddressPrefix(digits);
    }

    /** The e-mail prefix typed, or {@code null} when none was (a blank value filters nothing). */
    public static AddressPrefix email(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String stripped = raw.strip().toLowerCase(Locale.ROOT);
        if (stripped.length() > MAX_EMAIL_LENGTH
                || !PRINTABLE_ASCII.matcher(stripped).matches()) {
            throw new InvalidInputException(
                    "email", "must be the start of an e-mail address: 1 to 254 printable ASCII characters");
        }
        return new AddressPrefix(stripped);
    }

    /** The first string after every address with this prefix: its last character moved one on ('9' to ':'). */
    public String upperBound() {
        int last = value.length() - 1;
        return value.substring(0, last) + (char) (value.charAt(last) + 1);
    }
}

package io.mailing.query.customer;

import io.mailing.platform.problem.InvalidInputException;
import java.util.regex.Pattern;

/**
 * The start of a phone number, written as operators type numbers and normalised as the command side normalises a
 * customer's phone: {@code +}, spaces, dashes and parentheses dropped, digits kept. What remains must be 1 to 15
 * digits (a phone is at most 15), else a 400 naming {@code phone}.
 *
 * <p>Its customers are those whose phone lies in {@code [digits, upperBound)} compared byte by byte ({@code COLLATE
 * "C"}): a range the directory's phone index answers whatever the plan, where a {@code LIKE} with a parameter would
 * not.
 */
record PhonePrefix(String digits) {

    private static final int MAX_RAW_LENGTH = 32;
    private static final Pattern DIGITS = Pattern.compile("\\d{1,15}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s()\\-]");

    PhonePrefix {
        if (!DIGITS.matcher(digits).matches()) {
            throw new InvalidInputException(
                    "phone",
                    "must be the start of a phone: 1 to 15 digits (+, spaces, dashes and parentheses allowed)");
        }
    }

    /** The prefix typed, or {@code null} when none was (a blank value filters nothing). */
    static PhonePrefix of(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.length() > MAX_RAW_LENGTH) {
            throw new InvalidInputException("phone", "must be at most " + MAX_RAW_LENGTH + " characters");
        }
        String stripped = SEPARATORS.matcher(raw.strip()).replaceAll("");
        return new PhonePrefix(stripped.startsWith("+") ? stripped.substring(1) : stripped);
    }

    /** The first string after every phone with this prefix: its last digit moved one character on ('9' to ':'). */
    String upperBound() {
        int last = digits.length() - 1;
        return digits.substring(0, last) + (char) (digits.charAt(last) + 1);
    }
}

package io.mailing.platform.text;

import io.mailing.platform.problem.InvalidValueException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A phone number as E.164 digits without {@code +}. Operators type numbers as they see them, so {@code +},
 * spaces, dashes and parentheses are accepted and dropped; what remains must be 11 to 15 digits.
 */
public record PhoneNumber(String digits) {

    /** Room for 15 digits and the separators people type between them. */
    public static final int MAX_RAW_LENGTH = 32;

    private static final Pattern DIGITS = Pattern.compile("\\d{11,15}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s()\\-]");

    public PhoneNumber {
        if (!DIGITS.matcher(digits).matches()) {
            throw new InvalidValueException("must be 11 to 15 digits (+, spaces, dashes and parentheses allowed)");
        }
    }

    public static PhoneNumber of(String raw) {
        SafeText.check(raw, MAX_RAW_LENGTH);
        String stripped = SEPARATORS.matcher(raw.strip()).replaceAll("");
        return new PhoneNumber(stripped.startsWith("+") ? stripped.substring(1) : stripped);
    }

    /** A Russian number (11 digits starting with 7) names its operator's code in digits 2 to 4. */
    public Optional<String> impliedOperatorCode() {
        return digits.length() == 11 && digits.charAt(0) == '7'
                ? Optional.of(digits.substring(1, 4))
                : Optional.empty();
    }

    @Override
    public String toString() {
        return digits;
    }
}

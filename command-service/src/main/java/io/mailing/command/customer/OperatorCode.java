package io.mailing.command.customer;

import io.mailing.platform.problem.InvalidValueException;
import java.util.regex.Pattern;

/** A mobile operator code: three digits. Customers carry one; a mailout's filter may select by them. */
public record OperatorCode(String value) {

    private static final Pattern THREE_DIGITS = Pattern.compile("\\d{3}");

    public OperatorCode {
        if (!THREE_DIGITS.matcher(value).matches()) {
            throw new InvalidValueException("must be 3 digits");
        }
    }

    /** The code, or {@link InvalidValueException} saying why it is not one. */
    public static String check(String value) {
        return new OperatorCode(value).value();
    }

    @Override
    public String toString() {
        return value;
    }
}

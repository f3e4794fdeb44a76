package io.mailing.command.customer;

import io.mailing.platform.problem.InvalidValueException;
import io.mailing.platform.text.SafeText;
import java.util.regex.Pattern;

/** A label on a customer that a mailout's filter may select by: 1 to 64 letters, digits or {@code _-.:}. */
public record Tag(String value) {

    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}_.:-]{1,64}");

    static final int MAX_LENGTH = 64;

    public Tag {
        SafeText.check(value, MAX_LENGTH);
        if (!TAG.matcher(value).matches()) {
            throw new InvalidValueException("must be 1 to 64 letters, digits or _-.:");
        }
    }

    /** The tag, or {@link InvalidValueException} saying why it is not one. */
    public static String check(String value) {
        return new Tag(value).value();
    }

    @Override
    public String toString() {
        return value;
    }
}

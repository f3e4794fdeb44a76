package io.mailing.platform.text;

import io.mailing.platform.problem.InvalidValueException;

/**
 * The one rule every free string of the API meets before it becomes part of an event, so that every projection can
 * store it: PostgreSQL's {@code text} refuses U+0000 and {@code jsonb} refuses it and unpaired UTF-16 surrogates. A
 * safe text has at most its field's number of characters (code points, checked first, before any other work), no
 * unpaired surrogate, and no control character other than newline and tab (C0, DEL and C1 are refused).
 */
public final class SafeText {

    private SafeText() {}

    /** The text itself, or {@link InvalidValueException} saying why it is not safe. */
    public static String check(String text, int maxLength) {
        if (text.length() > 2 * maxLength || text.codePointCount(0, text.length()) > maxLength) {
            throw new InvalidValueException("must have at most " + maxLength + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidValueException("must not contain an unpaired UTF-16 surrogate (at index " + i + ")");
            } else if (Character.isISOControl(c) && c != '\n' && c != '\t') {
                throw new InvalidValueException(String.format(
                        "must not contain control characters other than newline and tab (U+%04X at index %d)",
                        (int) c, i));
            }
        }
        return text;
    }
}

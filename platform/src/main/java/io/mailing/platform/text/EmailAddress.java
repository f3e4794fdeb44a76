package io.mailing.platform.text;

import io.mailing.platform.problem.InvalidValueException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An e-mail address a mail server will take: {@code local@domain} in ASCII (an internationalized domain in its
 * {@code xn--} form), the local part of RFC 5321's dot-atoms (letters, digits and {@code !#$%&'*+/=?^_`{|}~-}, dots
 * between them) of at most 64 characters, the domain of at least two labels of letters, digits and inner hyphens, a
 * top-level label of letters, at most 254 characters in all. Kept in lower case: mail servers treat addresses
 * case-insensitively in practice, so {@code Ann@Example.com} and {@code ann@example.com} are one customer's.
 */
public record EmailAddress(String value) {

    public static final int MAX_LENGTH = 254;

    private static final String ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
    private static final Pattern ADDRESS =
            Pattern.compile(ATOM + "(?:\\." + ATOM + ")*@(?:" + LABEL + "\\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})");

    public EmailAddress {
        if (value.length() > MAX_LENGTH) {
            throw new InvalidValueException("must have at most " + MAX_LENGTH + " characters");
        }
        if (!ADDRESS.matcher(value).matches() || value.indexOf('@') > 64) {
            throw new InvalidValueException(
                    "must be an e-mail address like ann@example.com (ASCII, a domain with a dot)");
        }
    }

    public static EmailAddress of(String raw) {
        SafeText.check(raw, MAX_LENGTH);
        return new EmailAddress(raw.strip().toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return value;
    }
}

package io.mailing.events.optout;

/**
 * Who put an address on the opt-out list: an operator or an application through the API or the console
 * ({@code OPERATOR}), an operator's import of a list ({@code IMPORT}), or the recipient through the unsubscribe link
 * of an e-mail ({@code RECIPIENT}).
 */
public enum OptOutSource {
    OPERATOR,
    IMPORT,
    RECIPIENT
}

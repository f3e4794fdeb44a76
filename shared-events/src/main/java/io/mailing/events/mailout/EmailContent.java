package io.mailing.events.mailout;

/**
 * What an e-mail mailout sends besides its text, which is the plain-text body.
 *
 * @param subject the subject line
 * @param html the HTML body sent beside the plain text, {@code null} for plain text alone
 */
public record EmailContent(String subject, String html) {}

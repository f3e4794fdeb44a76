package io.mailing.platform.text;

import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.EmailContent;
import io.mailing.platform.problem.InvalidValueException;
import io.mailing.platform.problem.Violations;

/**
 * What a message may say, by channel: the rules a mailout's content and a one-off message's content are both held
 * to, so that whatever the API accepts, the SMS provider and an SMTP server can carry.
 *
 * @param text the text message, or the e-mail's plain-text body
 * @param email an e-mail's subject and HTML body; {@code null} for a text message
 */
public record MessageContent(String text, EmailContent email) {

    /** The longest text message. */
    public static final int MAX_TEXT_LENGTH = 1600;

    /** The longest plain-text body of an e-mail. */
    public static final int MAX_EMAIL_TEXT_LENGTH = 10_000;

    /** The longest subject line. */
    public static final int MAX_SUBJECT_LENGTH = 200;

    /** The longest HTML body (a request's body is at most 64 KB in all). */
    public static final int MAX_HTML_LENGTH = 50_000;

    /**
     * Checks the content of a message of {@code channel}, naming each offending field ({@code text}, {@code subject},
     * {@code html}) in {@code violations}: a text for every channel; for e-mail a subject as well and, if given, an
     * HTML body; for SMS neither. Answers {@code null} when a field broke a rule.
     */
    public static MessageContent check(
            Channel channel, String text, String subject, String html, Violations violations) {
        String checkedText = violations.require("text", text, given -> text(given, channel));
        if (channel != Channel.EMAIL) {
            if (subject != null) {
                violations.reject("subject", "goes with EMAIL only");
            }
            if (html != null) {
                violations.reject("html", "goes with EMAIL only");
            }
            return checkedText == null ? null : new MessageContent(checkedText, null);
        }
        String checkedSubject = violations.require("subject", subject, MessageContent::subject);
        String checkedHtml = html == null ? null : violations.check("html", () -> html(html));
        return checkedText == null || checkedSubject == null || (html != null && checkedHtml == null)
                ? null
                : new MessageContent(checkedText, new EmailContent(checkedSubject, checkedHtml));
    }

    /** Safe text of 1 to {@value #MAX_TEXT_LENGTH} characters (an e-mail's, {@value #MAX_EMAIL_TEXT_LENGTH}). */
    public static String text(String text, Channel channel) {
        return nonBlank(text, channel == Channel.EMAIL ? MAX_EMAIL_TEXT_LENGTH : MAX_TEXT_LENGTH);
    }

    /**
     * A subject line of 1 to {@value #MAX_SUBJECT_LENGTH} characters on one line: no newline or tab either, since a
     * line break in a header would let the subject write headers of its own.
     */
    public static String subject(String subject) {
        nonBlank(subject, MAX_SUBJECT_LENGTH);
        if (subject.indexOf('\n') >= 0 || subject.indexOf('\t') >= 0) {
            throw new InvalidValueException("must be one line: no newline or tab");
        }
        return subject;
    }

    /** An HTML body of 1 to {@value #MAX_HTML_LENGTH} safe characters. */
    public static String html(String html) {
        return nonBlank(html, MAX_HTML_LENGTH);
    }

    private static String nonBlank(String text, int maxLength) {
        SafeText.check(text, maxLength);
        if (text.isBlank()) {
            throw new InvalidValueException("must have 1 to " + maxLength + " characters and not be blank");
        }
        return text;
    }
}

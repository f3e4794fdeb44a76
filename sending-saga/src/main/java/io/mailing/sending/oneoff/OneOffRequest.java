package io.mailing.sending.oneoff;

import io.mailing.events.mailout.Channel;
import io.mailing.platform.problem.Violations;
import io.mailing.platform.text.MessageContent;
import io.mailing.platform.text.SafeText;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.OffsetDateTime;

/** A one-off message as an application asks for it. */
@Schema(example = """
        {"channel":"EMAIL","to":"ann@example.com","subject":"Your code","text":"Your code is 123456",\
        "sendBefore":"2026-12-07T12:00:00Z"}""")
record OneOffRequest(
        @Schema(description = "SMS (the default) or EMAIL") Channel channel,

        @Schema(
                description = "a customer's id (the message goes to their phone or e-mail address), or a phone number"
                        + " for SMS (11 to 15 digits; +, spaces, dashes and parentheses dropped), or an e-mail address"
                        + " for EMAIL",
                example = "ann@example.com",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String to,

        @Schema(
                description = "the text message (1 to 1,600 characters), or the e-mail's plain-text body (1 to 10,000)",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String text,

        @Schema(description = "EMAIL only, required there: one line of 1 to 200 characters")
        String subject,

        @Schema(description = "EMAIL only, optional: an HTML body beside the text, 1 to 50,000 characters")
        String html,

        @Schema(
                description = "when the message is no longer worth sending: it expires then instead; by default"
                        + " `mailing.one-offs.send-within` (24 hours) from now, at most `max-send-within` (7 days)"
                        + " ahead",
                example = "2026-12-07T12:00:00Z")
        OffsetDateTime sendBefore) {

    /** The longest {@code to}: an e-mail address. */
    static final int MAX_TO_LENGTH = 254;

    /** A request whose every field keeps the rules, read. */
    record Checked(Channel channel, String to, MessageContent content, Instant sendBefore) {}

    /** Checks every field and names each one that breaks a rule. */
    Checked check(Instant now, OneOffSettings settings, Violations violations) {
        Channel checkedChannel = Channel.orSms(channel);
        String checkedTo = violations.require("to", to, given -> SafeText.check(given, MAX_TO_LENGTH));
        MessageContent content = MessageContent.check(checkedChannel, text, subject, html, violations);
        Instant before = now.plus(settings.sendWithin());
        if (sendBefore != null) {
            before = sendBefore.toInstant();
            if (!before.isAfter(now)) {
                violations.reject("sendBefore", "must be in the future");
            } else if (before.isAfter(now.plus(settings.maxSendWithin()))) {
                violations.reject("sendBefore", "must be at most " + settings.maxSendWithin() + " ahead");
            }
        }
        violations.throwIfAny();
        return new Checked(checkedChannel, checkedTo, content, before);
    }
}

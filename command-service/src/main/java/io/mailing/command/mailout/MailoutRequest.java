package io.mailing.command.mailout;

import io.mailing.command.customer.OperatorCode;
import io.mailing.command.customer.Tag;
import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.DeliveryWindow;
import io.mailing.platform.problem.Violations;
import io.mailing.platform.text.MessageContent;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A mailout as the API takes it, on create and on full replace: a text message (SMS, the default) or an e-mail with a
 * subject, the text as its plain body and an optional HTML body.
 */
@Schema(example = """
                {"text":"Black Friday: -30% on everything until Sunday","startAt":"2099-11-27T10:00:00+03:00",\
                "endAt":"2099-11-27T18:00:00+03:00","filter":{"operatorCodes":["916"],"tags":["vip"]},\
                "deliveryWindow":{"from":"09:00","to":"21:00"},"includeLateJoiners":false}""")
record MailoutRequest(
        @Schema(
                description =
                        "SMS (the default) to customers with a phone, or EMAIL to customers with an e-mail address")
        Channel channel,

        @Schema(
                description = "1 to 1,600 characters for SMS, 1 to 10,000 for EMAIL (its plain-text body); no control"
                        + " characters but newline and tab",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String text,

        @Schema(description = "EMAIL only, required there: 1 to 200 characters on one line", example = "Black Friday")
        String subject,

        @Schema(description = "EMAIL only, optional: an HTML body of up to 50,000 characters beside the plain text")
        String html,

        @Schema(
                description = "ISO-8601 with offset, years 2000 to 2100; in the past or now = start at once",
                requiredMode = Schema.RequiredMode.REQUIRED)
        OffsetDateTime startAt,

        @Schema(
                description = "ISO-8601 with offset, years 2000 to 2100; after startAt and in the future",
                requiredMode = Schema.RequiredMode.REQUIRED)
        OffsetDateTime endAt,

        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Filter filter,

        @Schema(description = "optional; the customer's local time must be inside it")
        Window deliveryWindow,

        @Schema(description = "customers who start matching while it runs get it too (default false)")
        Boolean includeLateJoiners) {

    /** Audience: OR inside a field, AND between fields; at least one criterion. */
    record Filter(
            @Schema(description = "up to 100 3-digit mobile operator codes", example = "[\"916\"]")
            List<String> operatorCodes,

            @Schema(description = "up to 100 customer tags", example = "[\"vip\"]")
            List<String> tags) {}

    /** Local times; from > to wraps midnight (21:00–06:00). */
    record Window(
            @Schema(type = "string", example = "09:00") LocalTime from,
            @Schema(type = "string", example = "21:00") LocalTime to) {}

    /** Checks every field and names each one that breaks a rule. */
    MailoutDefinition toDefinition() {
        Violations violations = new Violations();
        Channel checkedChannel = Channel.orSms(channel);
        MessageContent content = MessageContent.check(checkedChannel, text, subject, html, violations);
        Instant checkedStart = violations.require("startAt", startAt, MailoutDefinition::instant);
        Instant checkedEnd = violations.require("endAt", endAt, MailoutDefinition::instant);
        if (checkedStart != null && checkedEnd != null && !checkedStart.isBefore(checkedEnd)) {
            violations.reject("endAt", "must be after startAt");
        }
        AudienceFilter checkedFilter = violations.require("filter", filter, f -> checkedFilter(f, violations));
        DeliveryWindow checkedWindow = deliveryWindow == null ? null : checkedWindow(violations);
        violations.throwIfAny();
        return new MailoutDefinition(
                content.text(),
                checkedStart,
                checkedEnd,
                checkedFilter,
                checkedWindow,
                Boolean.TRUE.equals(includeLateJoiners),
                checkedChannel,
                content.email());
    }

    private static AudienceFilter checkedFilter(Filter filter, Violations violations) {
        List<String> codes = violations.requireEach(
                "filter.operatorCodes",
                filter.operatorCodes(),
                MailoutDefinition.MAX_FILTER_OPERATOR_CODES,
                OperatorCode::check);
        List<String> tags =
                violations.requireEach("filter.tags", filter.tags(), MailoutDefinition.MAX_FILTER_TAGS, Tag::check);
        boolean criteriaGiven = !isEmpty(filter.operatorCodes()) || !isEmpty(filter.tags());
        return criteriaGiven && codes.isEmpty() && tags.isEmpty() ? null : MailoutDefinition.filter(codes, tags);
    }

    private static boolean isEmpty(List<String> values) {
        return values == null || values.isEmpty();
    }

    private DeliveryWindow checkedWindow(Violations violations) {
        LocalTime from = violations.require("deliveryWindow.from", deliveryWindow.from(), time -> time);
        LocalTime to = violations.require("deliveryWindow.to", deliveryWindow.to(), time -> time);
        if (from == null || to == null) {
            return null;
        }
        return violations.check("deliveryWindow", () -> MailoutDefinition.window(new DeliveryWindow(from, to)));
    }
}

package io.mailing.command.optout;

import io.mailing.events.mailout.Channel;
import io.mailing.platform.problem.Violations;
import io.swagger.v3.oas.annotations.media.Schema;

/** An address to put on the opt-out list of a channel. */
@Schema(example = "{\"channel\":\"EMAIL\",\"address\":\"ann@example.com\"}")
record OptOutRequest(
        @Schema(description = "the channel the address opts out of", requiredMode = Schema.RequiredMode.REQUIRED)
        Channel channel,

        @Schema(
                description = "for SMS a phone number (11 to 15 digits; +, spaces, dashes and parentheses dropped), for"
                        + " EMAIL an e-mail address (ASCII, at most 254 characters, kept in lower case)",
                example = "ann@example.com",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String address) {

    /** Checks both fields and names each one that breaks a rule. */
    OptedOutAddress toAddress() {
        Violations violations = new Violations();
        if (channel == null) {
            violations.reject("channel", "is required: SMS or EMAIL");
        }
        OptedOutAddress checked = channel == null
                ? null
                : violations.require("address", address, raw -> OptedOutAddress.of(channel, raw));
        if (channel == null && address == null) {
            violations.reject("address", "is required");
        }
        violations.throwIfAny();
        return checked;
    }
}

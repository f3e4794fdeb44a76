package io.mailing.command.customer;

import io.mailing.platform.problem.Violations;
import io.mailing.platform.text.EmailAddress;
import io.mailing.platform.text.PhoneNumber;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Optional;

/** A customer as the API takes it, on register, on full replace and as one row of an import. */
@Schema(description = "A phone, an e-mail address or both", example = """
                {"phone":"+7 (916) 123-45-67","operatorCode":"916","email":"ann@example.com","tags":["vip","moscow"],\
                "timeZone":"Europe/Moscow"}""")
record CustomerRequest(
        @Schema(
                description = "11 to 15 digits; +, spaces, dashes and parentheses are dropped (at most 32 characters);"
                        + " required unless an email is given; unique among active customers",
                example = "79161234567")
        String phone,

        @Schema(
                description = "3 digits; optional for Russian numbers (11 digits starting with 7: digits 2-4); only"
                        + " with a phone",
                example = "916")
        String operatorCode,

        @Schema(
                description = "an e-mail address (ASCII, at most 254 characters), kept in lower case; required unless"
                        + " a phone is given; unique among active customers",
                example = "ann@example.com")
        String email,

        @Schema(description = "up to 20, each 1 to 64 letters, digits or _-.:", example = "[\"vip\"]")
        List<String> tags,

        @Schema(
                description = "IANA time zone or UTC offset (at most 64 characters)",
                example = "Europe/Moscow",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String timeZone) {

    /** Checks every field and names each one that breaks a rule. */
    CustomerDetails toDetails() {
        Violations violations = new Violations();
        PhoneNumber checkedPhone = phone == null ? null : violations.check("phone", () -> PhoneNumber.of(phone));
        EmailAddress checkedEmail = email == null ? null : violations.check("email", () -> EmailAddress.of(email));
        if (phone == null && email == null) {
            violations.reject("phone", "is required unless an email is given");
        }
        OperatorCode checkedCode = checkedOperatorCode(checkedPhone, violations);
        List<String> checkedTags = checkedTags(violations);
        String checkedZone = violations.require("timeZone", timeZone, CustomerTimeZone::of);
        violations.throwIfAny();
        return new CustomerDetails(checkedPhone, checkedEmail, checkedCode, checkedTags, checkedZone);
    }

    private OperatorCode checkedOperatorCode(PhoneNumber checkedPhone, Violations violations) {
        if (phone == null) {
            if (operatorCode != null) {
                violations.reject("operatorCode", "goes with a phone: leave it out for a customer without one");
            }
            return null;
        }
        if (operatorCode != null) {
            return violations.check("operatorCode", () -> new OperatorCode(operatorCode));
        }
        Optional<OperatorCode> implied = Optional.ofNullable(checkedPhone)
                .flatMap(PhoneNumber::impliedOperatorCode)
                .map(OperatorCode::new);
        if (implied.isEmpty() && checkedPhone != null) {
            violations.reject("operatorCode", "is required unless the phone is Russian (11 digits starting with 7)");
        }
        return implied.orElse(null);
    }

    private List<String> checkedTags(Violations violations) {
        List<String> result = violations.requireEach("tags", tags, CustomerDetails.MAX_GIVEN_TAGS, Tag::check);
        if (result.size() > CustomerDetails.MAX_TAGS) {
            violations.reject(
                    "tags", "at most " + CustomerDetails.MAX_TAGS + " distinct tags (has " + result.size() + ")");
        }
        return result;
    }
}

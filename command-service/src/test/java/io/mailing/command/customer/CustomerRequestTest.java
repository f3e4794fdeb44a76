package io.mailing.command.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailing.platform.problem.InvalidInputException;
import io.mailing.platform.problem.InvalidValueException;
import io.mailing.platform.problem.Violation;
import io.mailing.platform.text.EmailAddress;
import io.mailing.platform.text.PhoneNumber;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CustomerRequestTest {

    private static List<String> fieldsRejected(CustomerRequest request) {
        try {
            request.toDetails();
        } catch (InvalidInputException e) {
            return e.violations().stream().map(Violation::field).toList();
        }
        return List.of();
    }

    @ParameterizedTest
    @ValueSource(strings = {"79161234567", "+7 (916) 123-45-67", "7-916-123-45-67", " +79161234567 "})
    void storesAPhoneAsItsDigits(String typed) {
        assertThat(PhoneNumber.of(typed).digits()).isEqualTo("79161234567");
    }

    @ParameterizedTest
    @ValueSource(strings = {"7916123456", "7916123456789012", "+7 916 CALL-ME", "", "++79161234567", "7916.123.4567"})
    void refusesWhatIsNotElevenToFifteenDigits(String typed) {
        assertThatThrownBy(() -> PhoneNumber.of(typed))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("11 to 15 digits");
    }

    @ParameterizedTest
    @CsvSource({
        "ann@example.com, ann@example.com",
        "' Ann.Lee+News@Example.COM ', ann.lee+news@example.com",
        "o'brien@mail.example.co.uk, o'brien@mail.example.co.uk",
        "ann@xn--bcher-kva.example, ann@xn--bcher-kva.example"
    })
    void keepsAnEmailAddressInLowerCase(String typed, String kept) {
        assertThat(EmailAddress.of(typed).value()).isEqualTo(kept);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "ann",
                "ann@",
                "@example.com",
                "ann@example",
                "ann@example.",
                "ann@.example.com",
                "ann.@example.com",
                "ann@exa_mple.com",
                "ann@example-.com",
                "ann@b\u00fccher.example",
                "\u00e4nn@example.com",
                "ann@example.com.",
                "ann@[192.168.0.1]",
                "\"ann lee\"@example.com"
            })
    void refusesWhatIsNotAnAsciiAddressWithADottedDomain(String typed) {
        assertThatThrownBy(() -> EmailAddress.of(typed)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void takesACustomerWithAnEmailAddressAndNoPhoneWithoutAnOperatorCode() {
        CustomerDetails details =
                new CustomerRequest(null, null, "ann@example.com", List.of("news"), "UTC").toDetails();

        assertThat(details.phone()).isNull();
        assertThat(details.operatorCode()).isNull();
        assertThat(details.email()).isEqualTo(new EmailAddress("ann@example.com"));
        assertThat(details.addresses()).containsExactly(ContactAddress.email("ann@example.com"));
    }

    @Test
    void requiresAPhoneOrAnEmailAndAnOperatorCodeOnlyWithAPhone() {
        assertThat(fieldsRejected(new CustomerRequest(null, null, null, null, "UTC")))
                .containsExactly("phone");
        assertThat(fieldsRejected(new CustomerRequest(null, "916", "ann@example.com", null, "UTC")))
                .containsExactly("operatorCode");
        assertThat(fieldsRejected(new CustomerRequest("79161234567", null, "not an address", null, "UTC")))
                .containsExactly("email");
    }

    @Test
    void takesTheOperatorCodeOfARussianNumberFromDigitsTwoToFour() {
        CustomerDetails details =
                new CustomerRequest("+7 916 123 45 67", null, null, null, "Europe/Moscow").toDetails();

        assertThat(details.operatorCode()).isEqualTo(new OperatorCode("916"));
        assertThat(details.tags()).isEmpty();
    }

    @Test
    void keepsAGivenOperatorCodeOverTheImpliedOne() {
        CustomerDetails details = new CustomerRequest("79161234567", "999", null, null, "Europe/Moscow").toDetails();

        assertThat(details.operatorCode().value()).isEqualTo("999");
    }

    @Test
    void requiresAnOperatorCodeForOtherNumbers() {
        assertThat(fieldsRejected(new CustomerRequest("12125550100", null, null, null, "America/New_York")))
                .containsExactly("operatorCode");
        assertThat(new CustomerRequest("12125550100", "212", null, null, "America/New_York")
                        .toDetails()
                        .operatorCode()
                        .value())
                .isEqualTo("212");
    }

    @ParameterizedTest
    @CsvSource({
        "Europe/Moscow, Europe/Moscow",
        "America/Argentina/Buenos_Aires, America/Argentina/Buenos_Aires",
        "+03:00, +03:00",
        "+3, +03:00",
        "UTC+3, UTC+03:00",
        "UTC, UTC",
        "Z, Z"
    })
    void acceptsAnIanaZoneOrAnOffsetAndNormalisesIt(String zone, String stored) {
        assertThat(new CustomerRequest("79161234567", null, null, null, zone)
                        .toDetails()
                        .timeZone())
                .isEqualTo(stored);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Moscow", "Europe/Atlantis", "+25:00", ""})
    void refusesAnUnknownZone(String zone) {
        assertThat(fieldsRejected(new CustomerRequest("79161234567", null, null, null, zone)))
                .containsExactly("timeZone");
    }

    @Test
    void acceptsTwentyDistinctTagsAndDropsRepeats() {
        List<String> twenty = IntStream.range(0, 20).mapToObj(i -> "tag-" + i).toList();
        List<String> withRepeats = new java.util.ArrayList<>(twenty);
        withRepeats.addAll(twenty);

        assertThat(new CustomerRequest("79161234567", null, null, withRepeats, "UTC")
                        .toDetails()
                        .tags())
                .containsExactlyElementsOf(twenty);
    }

    @Test
    void refusesMoreThanTwentyTagsAndNamesEveryBadTag() {
        List<String> tooMany = IntStream.range(0, 21).mapToObj(i -> "t" + i).toList();
        List<String> bad = List.of("ok", "has space", "x".repeat(65), "", "кириллица_ok", "a:b.c-d_e");

        assertThat(fieldsRejected(new CustomerRequest("79161234567", null, null, tooMany, "UTC")))
                .containsExactly("tags");
        assertThat(fieldsRejected(new CustomerRequest("79161234567", null, null, bad, "UTC")))
                .containsExactly("tags[1]", "tags[2]", "tags[3]");
        assertThat(fieldsRejected(
                        new CustomerRequest("79161234567", null, null, Collections.singletonList(null), "UTC")))
                .containsExactly("tags[0]");
    }

    @Test
    void namesEveryMissingOrBadFieldAtOnce() {
        assertThat(fieldsRejected(new CustomerRequest(null, "91", null, List.of("bad tag"), null)))
                .containsExactlyInAnyOrder("phone", "operatorCode", "tags[0]", "timeZone");
    }
}

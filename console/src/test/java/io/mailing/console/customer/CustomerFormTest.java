package io.mailing.console.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerFormTest {

    @Test
    void sendsTheCommandApiTheFieldsAsTypedWithTagsAsAList() {
        assertThat(new CustomerForm("+7 916 123-45-67", " 916 ", "", "vip, , moscow ", " Europe/Moscow ").request())
                .isEqualTo(Map.of(
                        "phone", "+7 916 123-45-67",
                        "operatorCode", "916",
                        "tags", List.of("vip", "moscow"),
                        "timeZone", "Europe/Moscow"));
    }

    @Test
    void leavesABlankOperatorCodeForTheApiToImply() {
        assertThat(new CustomerForm("79161234567", "", "", "", "UTC").request())
                .doesNotContainKey("operatorCode")
                .containsEntry("tags", List.of());
    }

    @Test
    void sendsAnEmailAddressAndLeavesOutABlankPhone() {
        assertThat(new CustomerForm(" ", "", "Ann@Example.com", "", "UTC").request())
                .doesNotContainKeys("phone", "operatorCode")
                .containsEntry("email", "Ann@Example.com");
    }

    @Test
    void namesTheFormFieldForTheFieldTheApiNames() {
        assertThat(CustomerForm.field("phone")).isEqualTo("phone");
        assertThat(CustomerForm.field("email")).isEqualTo("email");
        assertThat(CustomerForm.field("tags[2]")).isEqualTo("tags");
        assertThat(CustomerForm.field("body")).isEmpty();
    }
}

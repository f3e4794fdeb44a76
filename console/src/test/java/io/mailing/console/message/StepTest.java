package io.mailing.console.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.console.audit.Trail;
import io.mailing.console.page.Times;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StepTest {

    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void tellsASuppressedMessageWithTheReasonItWasNotSent() throws Exception {
        Step step = step("MessageSuppressed", """
                {"attempts": 0, "reason": "the address is on the SMS opt-out list since 2026-12-07T09:00:00Z, by an operator"}
                """);

        assertThat(step.what()).isEqualTo("Suppressed");
        assertThat(step.detail())
                .isEqualTo(
                        "not sent: the address is on the SMS opt-out list since 2026-12-07T09:00:00Z, by an operator");
        assertThat(step.failure()).isFalse();
    }

    @Test
    void tellsTheRecipientsOptOutThroughTheMessagesUnsubscribeLink() throws Exception {
        Step step = step("AddressOptedOut", """
                {"channel": "EMAIL", "address": "ann@example.com", "source": "RECIPIENT"}
                """);

        assertThat(step.what()).isEqualTo("Opted out");
        assertThat(step.detail())
                .isEqualTo("ann@example.com put on the e-mail opt-out list by the recipient, through this message's"
                        + " unsubscribe link");
    }

    @Test
    void namesTheAddressAnEmailIsQueuedTo() throws Exception {
        Step step = step("MessageQueued", """
                {"phone": null, "email": "ann@example.com", "timeZone": "UTC"}
                """);

        assertThat(step.detail()).isEqualTo("to ann@example.com (customer's zone UTC)");
    }

    private Step step(String type, String payload) throws Exception {
        JsonNode metadata = json.readTree("{\"principal\": \"admin\"}");
        return Step.of(new Trail.Entry(1, AT, type, json.readTree(payload), metadata), new Times());
    }
}

package io.mailing.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.mailout.MailoutScheduled;
import io.mailing.events.mailout.MailoutStarted;
import io.mailing.testsupport.StoredEvents;
import io.mailing.testsupport.WithPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Every event records who caused it and which request it belongs to, through the whole HTTP stack: MockMvc runs the
 * servlet filters, security included, with the caller authenticated by a JWT of the test's choosing.
 */
@WithPostgres
@SpringBootTest(classes = CommandServiceApplication.class)
@AutoConfigureMockMvc
class EventMetadataIT {

    private final MockMvc http;

    /** A caller with a token from an OAuth2 issuer, name in {@code sub}, role ADMIN. */
    private static RequestPostProcessor user(String name) {
        return jwt().jwt(token -> token.subject(name)).authorities(new SimpleGrantedAuthority("ROLE_ADMIN"));
    }

    private final StoredEvents events;

    EventMetadataIT(MockMvc http, JdbcTemplate jdbc) {
        this.http = http;
        this.events = new StoredEvents(jdbc);
    }

    @Test
    void theCallerAndTheCallersCorrelationIdAreRecordedAndTheIdComesBack() throws Exception {
        String body = http.perform(post("/api/v1/customers")
                        .with(user("carol"))
                        .header("X-Correlation-Id", "order-4711")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"phone\":\"79161110001\",\"timeZone\":\"UTC\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("X-Correlation-Id", "order-4711"))
                .andReturn()
                .getResponse()
                .getContentAsString();

        List<Map<String, Object>> metadata = events.metadata(CustomerRegistered.class, JsonPath.read(body, "$.id"));
        assertThat(metadata)
                .singleElement()
                .satisfies(m -> assertThat(m)
                        .containsEntry("principal", "carol")
                        .containsEntry("correlationId", "order-4711")
                        .containsKeys("causationId", "traceId"));
    }

    @Test
    void aRequestWithoutACorrelationIdGetsANewOneAndAnUnfitOneIsReplaced() throws Exception {
        String generated = http.perform(post("/api/v1/customers")
                        .with(user("dave"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"phone\":\"79161110002\",\"timeZone\":\"UTC\"}"))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getHeader("X-Correlation-Id");
        String replaced = http.perform(post("/api/v1/customers")
                        .with(user("dave"))
                        .header("X-Correlation-Id", "<script>alert(1)</script>")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"phone\":\"79161110003\",\"timeZone\":\"UTC\"}"))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getHeader("X-Correlation-Id");

        assertThat(generated).matches("[0-9a-f-]{36}");
        assertThat(replaced).matches("[0-9a-f-]{36}");
    }

    @Test
    void aMailoutStartedByItsDeadlineIsAttributedToWhoeverCreatedIt() throws Exception {
        Instant startAt = Instant.now().plusSeconds(2);
        String body = http.perform(post("/api/v1/mailouts")
                        .with(user("alice"))
                        .header("X-Correlation-Id", "campaign-7")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(String.format(
                                "{\"text\":\"Hi\",\"startAt\":\"%s\",\"endAt\":\"%s\",\"filter\":{\"tags\":[\"vip\"]}}",
                                startAt, startAt.plus(Duration.ofHours(1)))))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String mailout = JsonPath.read(body, "$.id");

        List<Map<String, Object>> started = await().atMost(Duration.ofSeconds(30))
                .until(() -> events.metadata(MailoutStarted.class, mailout), m -> !m.isEmpty());

        Map<String, Object> scheduled =
                events.metadata(MailoutScheduled.class, mailout).get(0);
        assertThat(scheduled).containsEntry("principal", "alice").containsEntry("correlationId", "campaign-7");
        assertThat(started)
                .singleElement()
                .satisfies(m -> assertThat(m)
                        .containsEntry("principal", "alice")
                        .containsEntry("correlationId", "campaign-7")
                        .containsEntry("traceId", scheduled.get("traceId")));
    }
}

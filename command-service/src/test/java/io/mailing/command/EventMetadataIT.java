package io.mailing.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.mailing.events.customer.CustomerChanged;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.mailout.MailoutChanged;
import io.mailing.events.mailout.MailoutClosed;
import io.mailing.events.mailout.MailoutScheduled;
import io.mailing.events.mailout.MailoutStarted;
import io.mailing.testsupport.StoredEvents;
import io.mailing.testsupport.WithPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.config.Configuration;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Every event records who caused it and which request it belongs to, through the whole HTTP stack: MockMvc runs the
 * servlet filters, security included, with the caller authenticated by a JWT of the test's choosing.
 */
@WithPostgres
@SpringBootTest(classes = CommandServiceApplication.class)
@AutoConfigureMockMvc
class EventMetadataIT {

    private static final String HEADER = "X-Correlation-Id";

    private final MockMvc http;
    private final StoredEvents events;
    private final Configuration axon;

    EventMetadataIT(MockMvc http, JdbcTemplate jdbc, Configuration axon) {
        this.http = http;
        this.events = new StoredEvents(jdbc);
        this.axon = axon;
    }

    /** A caller with a token from an OAuth2 issuer, name in {@code sub}, role ADMIN. */
    private static RequestPostProcessor user(String name) {
        return jwt().jwt(token -> token.subject(name)).authorities(new SimpleGrantedAuthority("ROLE_ADMIN"));
    }

    @Test
    void eachRequestRecordsItsCallerAndCorrelationIdAndTheIdComesBack() throws Exception {
        String body = http.perform(post("/api/v1/customers")
                        .with(user("carol"))
                        .header(HEADER, "order-4711")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"phone\":\"79161110001\",\"timeZone\":\"UTC\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string(HEADER, "order-4711"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        String customer = JsonPath.read(body, "$.id");

        String changeStory = http.perform(put("/api/v1/customers/" + customer)
                        .with(user("erin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"phone\":\"79161110001\",\"tags\":[\"vip\"],\"timeZone\":\"UTC\"}"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getHeader(HEADER);

        assertThat(events.metadata(CustomerRegistered.class, customer))
                .singleElement()
                .satisfies(m -> assertThat(m)
                        .containsEntry("principal", "carol")
                        .containsEntry("correlationId", "order-4711")
                        .containsKeys("causationId", "traceId"));
        assertThat(changeStory).matches("[0-9a-f-]{36}");
        assertThat(events.metadata(CustomerChanged.class, customer))
                .singleElement()
                .satisfies(m ->
                        assertThat(m).containsEntry("principal", "erin").containsEntry("correlationId", changeStory));
    }

    @Test
    void aRequestWithoutACorrelationIdGetsANewOneAndAnUnfitOneIsReplaced() throws Exception {
        MockHttpServletResponse generated = register(post("/api/v1/customers"), "79161110002");
        MockHttpServletResponse replaced =
                register(post("/api/v1/customers").header(HEADER, "<script>alert(1)</script>"), "79161110003");

        assertThat(generated.getHeader(HEADER)).matches("[0-9a-f-]{36}");
        assertThat(storyOf(generated)).isEqualTo(generated.getHeader(HEADER));
        assertThat(replaced.getHeader(HEADER)).matches("[0-9a-f-]{36}");
        assertThat(storyOf(replaced)).isEqualTo(replaced.getHeader(HEADER));
    }

    /**
     * Both deadlines of a mailout carry the metadata of the request that scheduled them: the one that created the
     * mailout, or the one that changed it last (every change reschedules them, even with the same instants).
     */
    @Test
    void aMailoutStartedAndClosedByItsDeadlinesIsAttributedToWhoeverCreatedOrLastChangedIt() throws Exception {
        Instant startAt = Instant.now().plusSeconds(2);
        String definition = String.format(
                "{\"text\":\"%%s\",\"startAt\":\"%s\",\"endAt\":\"%s\",\"filter\":{\"tags\":[\"vip\"]}}",
                startAt, startAt.plusSeconds(2));
        String created = create(as("alice", "campaign-7"), String.format(definition, "Hi"));
        String changed = create(as("alice", "campaign-8"), String.format(definition, "Hi"));
        http.perform(as("bob", "review-3", put("/api/v1/mailouts/" + changed))
                        .content(String.format(definition, "Hello")))
                .andExpect(status().isOk());

        await().atMost(Duration.ofSeconds(30))
                .until(() -> !events.metadata(MailoutClosed.class, created).isEmpty()
                        && !events.metadata(MailoutClosed.class, changed).isEmpty());

        Map<String, Object> scheduled =
                events.metadata(MailoutScheduled.class, created).get(0);
        assertThat(scheduled).containsEntry("principal", "alice").containsEntry("correlationId", "campaign-7");
        assertThat(lifecycle(created))
                .allSatisfy(m -> assertThat(m)
                        .containsEntry("principal", "alice")
                        .containsEntry("correlationId", "campaign-7")
                        .containsEntry("traceId", scheduled.get("traceId")));
        Map<String, Object> change =
                events.metadata(MailoutChanged.class, changed).get(0);
        assertThat(change).containsEntry("principal", "bob").containsEntry("correlationId", "review-3");
        assertThat(lifecycle(changed))
                .allSatisfy(m -> assertThat(m)
                        .containsEntry("principal", "bob")
                        .containsEntry("correlationId", "review-3")
                        .containsEntry("traceId", change.get("traceId")));
    }

    /**
     * Axon's default {@code MessageOriginProvider} would write the parent's id as {@code correlationId}; it must not
     * be among the providers, in any order, or the story's id would be lost at the first step.
     */
    @Test
    void whatAHandledMessageGivesOnIsItsStoryItsTraceAndItself() {
        Message<?> handled = new GenericMessage<>(
                "handled", MetaData.with("principal", "erin").and("correlationId", "story-1"));
        UnitOfWork<?> handling = DefaultUnitOfWork.startAndGet(handled);
        try {
            axon.correlationDataProviders().forEach(handling::registerCorrelationDataProvider);

            assertThat(handling.getCorrelationData())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "principal",
                            "erin",
                            "correlationId",
                            "story-1",
                            "causationId",
                            handled.getIdentifier(),
                            "traceId",
                            handled.getIdentifier()));
            assertThat(axon.correlationDataProviders())
                    .allSatisfy(provider -> assertThat(
                                    provider.correlationDataFor(handled).get("correlationId"))
                            .isNotEqualTo(handled.getIdentifier()));
        } finally {
            handling.rollback();
        }
    }

    private MockHttpServletResponse register(MockHttpServletRequestBuilder request, String phone) throws Exception {
        return http.perform(request.with(user("dave"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"phone\":\"" + phone + "\",\"timeZone\":\"UTC\"}"))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse();
    }

    /** The correlation id the event of the customer this response created carries. */
    private Object storyOf(MockHttpServletResponse registered) throws Exception {
        String customer = JsonPath.read(registered.getContentAsString(), "$.id");
        return events.metadata(CustomerRegistered.class, customer).get(0).get("correlationId");
    }

    private String create(MockHttpServletRequestBuilder request, String mailout) throws Exception {
        String body = http.perform(request.content(mailout))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return JsonPath.read(body, "$.id");
    }

    private static MockHttpServletRequestBuilder as(String user, String correlationId) {
        return as(user, correlationId, post("/api/v1/mailouts"));
    }

    private static MockHttpServletRequestBuilder as(
            String user, String correlationId, MockHttpServletRequestBuilder request) {
        return request.with(user(user)).header(HEADER, correlationId).contentType(MediaType.APPLICATION_JSON);
    }

    /** The metadata of the mailout's start and close, both brought about by its deadlines. */
    private List<Map<String, Object>> lifecycle(String mailout) {
        List<Map<String, Object>> started = events.metadata(MailoutStarted.class, mailout);
        List<Map<String, Object>> closed = events.metadata(MailoutClosed.class, mailout);
        assertThat(started).hasSize(1);
        assertThat(closed).hasSize(1);
        return List.of(started.get(0), closed.get(0));
    }
}

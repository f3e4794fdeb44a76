package io.mailing.sending.oneoff;

import static io.mailing.testsupport.JsonApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.mailout.Channel;
import io.mailing.events.message.MessageExpired;
import io.mailing.events.message.MessageQueued;
import io.mailing.events.message.MessageSent;
import io.mailing.events.message.MessageSuppressed;
import io.mailing.events.message.Transactional;
import io.mailing.events.optout.AddressOptedOut;
import io.mailing.events.optout.OptOutIds;
import io.mailing.events.optout.OptOutSource;
import io.mailing.platform.security.Role;
import io.mailing.platform.security.TokenIssuer;
import io.mailing.sending.SendingServiceApplication;
import io.mailing.sending.SmtpServer;
import io.mailing.simulator.Behaviour;
import io.mailing.simulator.FailureKind;
import io.mailing.simulator.ProviderSimulator;
import io.mailing.simulator.SimulatorSettings;
import io.mailing.testsupport.EventFeed;
import io.mailing.testsupport.StoredEvents;
import io.mailing.testsupport.WithPostgres;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One-off messages through the sending service's HTTP API on real PostgreSQL, delivered to the SMS provider
 * simulator and a real SMTP server (GreenMail): what is accepted goes out once, what is refused changes nothing, a
 * repeated request with the same {@code Idempotency-Key} sends nothing again, and only senders and admins may send.
 */
@WithPostgres
@SpringBootTest(
        classes = SendingServiceApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "mailing.delivery.poll-interval=50ms",
            "mailing.delivery.sweep-interval=200ms",
            "mailing.delivery.provider.connect-timeout=500ms",
            "mailing.delivery.provider.request-timeout=2s",
            "mailing.delivery.provider.request-timeout-max=2s",
            "mailing.delivery.retry.base=100ms",
            "mailing.delivery.retry.cap=300ms",
            "mailing.delivery.retry.max-attempts=1000",
            "mailing.delivery.email.message-id-domain=mailing.test",
            "mailing.one-offs.per-client.rate=0.01",
            "mailing.one-offs.per-client.burst=100"
        })
class OneOffApiIT {

    private static final String MESSAGES = "/api/v1/messages";
    private static final String TOKEN = "test-provider-token";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ProviderSimulator simulator =
            ProviderSimulator.start(new SimulatorSettings("127.0.0.1", 0, TOKEN, Behaviour.healthy(), true));
    private static final SmtpServer smtp = new SmtpServer();

    private final TestRestTemplate http;
    private final EventFeed feed;
    private final StoredEvents events;
    private final JdbcTemplate jdbc;
    private final TokenIssuer tokens;

    OneOffApiIT(
            TestRestTemplate http,
            EventStore eventStore,
            TransactionTemplate transactions,
            JdbcTemplate jdbc,
            TokenIssuer tokens) {
        this.http = http;
        this.feed = new EventFeed(eventStore, transactions);
        this.events = new StoredEvents(jdbc);
        this.jdbc = jdbc;
        this.tokens = tokens;
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add(
                "mailing.delivery.provider.base-url", () -> simulator.baseUrl().toString());
        registry.add("mailing.delivery.provider.token", () -> TOKEN);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", smtp::port);
    }

    @AfterAll
    static void stopServers() {
        smtp.stop();
        simulator.close();
    }

    /** A phone no other test uses. */
    private static String newPhone() {
        return "7917" + String.format("%07d", Math.floorMod(UUID.randomUUID().hashCode(), 10_000_000));
    }

    private ResponseEntity<String> send(String body, String idempotencyKey, Role role) {
        return send(body, idempotencyKey, role, "shop-" + role.name().toLowerCase());
    }

    private ResponseEntity<String> send(String body, String idempotencyKey, Role role, String client) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(tokens.issue(client, List.of(role)));
        if (idempotencyKey != null) {
            headers.set("Idempotency-Key", idempotencyKey);
        }
        return http.exchange(MESSAGES, HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
    }

    private ResponseEntity<String> send(String body, String idempotencyKey) {
        return send(body, idempotencyKey, Role.SENDER);
    }

    private static UUID idOf(ResponseEntity<String> response) {
        return UUID.fromString(JsonPath.read(response.getBody(), "$.id"));
    }

    private <T> T awaitOne(Class<T> type, Predicate<? super T> condition) {
        return await().atMost(PATIENCE)
                .until(() -> events.all(type, condition), found -> !found.isEmpty())
                .get(0);
    }

    @Test
    void aTextMessageToAPhoneIsAcceptedAtOnceAndSentOnceInTheBackground() {
        String phone = newPhone();
        String text = "Your code is " + phone.substring(5);

        ResponseEntity<String> response = send("{\"to\":\"+" + phone + "\",\"text\":\"" + text + "\"}", null);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        UUID id = idOf(response);
        assertThat(response.getHeaders().getLocation()).hasToString(MESSAGES + "/" + id);
        DocumentContext answer = JsonPath.parse(response.getBody());
        assertThat(answer.read("$.channel", String.class)).isEqualTo("SMS");
        assertThat(answer.read("$.to", String.class)).isEqualTo(phone);
        assertThat(Instant.parse(answer.read("$.sendBefore", String.class)))
                .isBetween(
                        Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));
        MessageSent sent = awaitOne(MessageSent.class, e -> e.messageId().equals(id));
        assertThat(sent.mailoutId()).isEqualTo(Transactional.SMS);
        assertThat(sent.customerId()).isNull();
        assertThat(simulator.calls().stream().filter(call -> call.text().equals(text)))
                .singleElement()
                .satisfies(call -> assertThat(Long.toString(call.phone())).isEqualTo(phone));
        assertThat(events.withMetadata(MessageQueued.class, e -> e.messageId().equals(id)))
                .singleElement()
                .satisfies(queued -> assertThat(queued.metadata()).containsEntry("principal", "shop-sender"));
    }

    @Test
    void anEmailToACustomerGoesToTheirAddressWithItsOwnSubjectAndBodies() throws Exception {
        UUID customer = UUID.randomUUID();
        String address = "buyer." + customer.toString().substring(0, 8) + "@shop.test";
        feed.append(
                "Customer",
                customer,
                new CustomerRegistered(customer, null, null, List.of(), "Europe/Berlin", address));
        await().atMost(PATIENCE)
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM sending.audience WHERE customer_id = ?", Long.class, customer)
                        == 1);

        ResponseEntity<String> response = send("""
                {"channel":"EMAIL","to":"%s","subject":"Order 42 shipped","text":"On its way.",\
                "html":"<p>On its <b>way</b>.</p>"}""".formatted(customer), null);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(JsonPath.parse(response.getBody()).read("$.customerId", String.class))
                .isEqualTo(customer.toString());
        UUID id = idOf(response);
        awaitOne(MessageSent.class, e -> e.messageId().equals(id));
        MimeMessage email = List.of(smtp.received()).stream()
                .filter(m -> header(m, "Message-ID").equals("<" + id + "@mailing.test>"))
                .findFirst()
                .orElseThrow();
        assertThat(email.getSubject()).isEqualTo("Order 42 shipped");
        assertThat(email.getAllRecipients()[0].toString()).isEqualTo(address);
        assertThat(((MimeMultipart) email.getContent()).getBodyPart(1).getContent())
                .isEqualTo("<p>On its <b>way</b>.</p>");
    }

    @Test
    void aRepeatWithTheSameKeyAndRequestIsAnsweredAsTheFirstAndSendsNothingAgain() {
        String phone = newPhone();
        String key = "order-" + UUID.randomUUID();
        String body = "{\"to\":\"" + phone + "\",\"text\":\"Paid, thank you\"}";

        ResponseEntity<String> first = send(body, key);
        ResponseEntity<String> again = send(" {\"text\":\"Paid, thank you\", \"to\":\"" + phone + "\"}", key);

        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(again.getBody()).isEqualTo(first.getBody());
        assertThat(again.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.getHeaders().getFirst("Idempotent-Replayed")).isNull();
        UUID id = idOf(first);
        awaitOne(MessageSent.class, e -> e.messageId().equals(id));
        assertThat(events.all(MessageQueued.class, e -> phone.equals(e.phone())))
                .hasSize(1);

        assertProblem(send("{\"to\":\"" + phone + "\",\"text\":\"Paid twice?\"}", key), HttpStatus.CONFLICT);
        assertThat(send(body, "another-" + key).getStatusCode())
                .as("another key is another message")
                .isEqualTo(HttpStatus.ACCEPTED);
        assertThat(send(body, key, Role.ADMIN).getHeaders().getFirst("Idempotent-Replayed"))
                .as("keys are each client's own")
                .isNull();
        await().atMost(PATIENCE)
                .until(() -> events.all(MessageQueued.class, e -> phone.equals(e.phone()))
                                .size()
                        == 3);
    }

    @Test
    void requestsRacingWithOneKeyQueueOneMessageBetweenThem() throws Exception {
        String phone = newPhone();
        String key = UUID.randomUUID().toString();
        String body = "{\"to\":\"" + phone + "\",\"text\":\"Once only\"}";
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<ResponseEntity<String>>> racing = IntStream.range(0, racers)
                    .mapToObj(i -> pool.submit(() -> {
                        start.await();
                        return send(body, key);
                    }))
                    .toList();
            start.countDown();
            Set<UUID> ids = racing.stream()
                    .map(future -> {
                        try {
                            ResponseEntity<String> answer = future.get();
                            assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
                            return idOf(answer);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .collect(Collectors.toSet());
            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(events.all(MessageQueued.class, e -> phone.equals(e.phone())))
                .hasSize(1);
    }

    @Test
    void refusesWhatCannotBeSentNamingTheFieldAndQueuesNothing() {
        long before = events.count(MessageQueued.class);
        String phone = newPhone();

        assertProblem(send("{\"to\":\"not a phone\",\"text\":\"Hi\"}", null), HttpStatus.BAD_REQUEST, "to");
        assertProblem(send("{\"to\":\"" + phone + "\"}", null), HttpStatus.BAD_REQUEST, "text");
        assertProblem(
                send("{\"to\":\"" + phone + "\",\"text\":\"" + "x".repeat(1601) + "\"}", null),
                HttpStatus.BAD_REQUEST,
                "text");
        assertProblem(
                send("{\"to\":\"" + phone + "\",\"text\":\"Hi\",\"subject\":\"S\"}", null),
                HttpStatus.BAD_REQUEST,
                "subject");
        assertProblem(
                send("{\"channel\":\"EMAIL\",\"to\":\"ann@example.com\",\"text\":\"Hi\"}", null),
                HttpStatus.BAD_REQUEST,
                "subject");
        assertProblem(
                send(
                        "{\"channel\":\"EMAIL\",\"to\":\"ann@example.com\",\"text\":\"Hi\",\"subject\":\"a\\nBcc: x@y.z\"}",
                        null),
                HttpStatus.BAD_REQUEST,
                "subject");
        assertProblem(
                send("{\"to\":\"" + phone + "\",\"text\":\"Hi\",\"sendBefore\":\"2020-01-01T00:00:00Z\"}", null),
                HttpStatus.BAD_REQUEST,
                "sendBefore");
        assertProblem(
                send("{\"to\":\"" + phone + "\",\"text\":\"Hi\",\"sendBefore\":\"2099-01-01T00:00:00Z\"}", null),
                HttpStatus.BAD_REQUEST,
                "sendBefore");
        assertProblem(
                send("{\"to\":\"" + UUID.randomUUID() + "\",\"text\":\"Hi\"}", null), HttpStatus.BAD_REQUEST, "to");
        assertProblem(
                send("{\"to\":\"" + phone + "\",\"text\":\"Hi\"}", "has space"),
                HttpStatus.BAD_REQUEST,
                "Idempotency-Key");
        assertProblem(
                send("{\"to\":\"" + phone + "\",\"text\":\"Hi\"}", "k".repeat(256)),
                HttpStatus.BAD_REQUEST,
                "Idempotency-Key");

        assertThat(events.count(MessageQueued.class)).isEqualTo(before);
    }

    @Test
    void onlySendersAndAdminsMaySendAndASenderMayDoNothingElse() {
        String body = "{\"to\":\"" + newPhone() + "\",\"text\":\"Hi\"}";
        assertThat(send(body, null, Role.VIEWER).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(send(body, null, Role.ADMIN).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(http.exchange(MESSAGES, HttpMethod.POST, new HttpEntity<>(body, jsonWithoutToken()), String.class)
                        .getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        HttpHeaders sender = new HttpHeaders();
        sender.setBearerAuth(tokens.issue("shop", List.of(Role.SENDER)));
        assertThat(http.exchange("/api/v1/admin/dead-letters", HttpMethod.GET, new HttpEntity<>(sender), String.class)
                        .getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void anOptedOutAddressIsNotSentToAndAMessageNotSentInTimeExpires() {
        String phone = newPhone();
        UUID optOut = OptOutIds.of(Channel.SMS, phone);
        feed.append(
                "OptOut",
                optOut,
                new AddressOptedOut(optOut, Channel.SMS, phone, OptOutSource.OPERATOR, null, Instant.now()));
        await().atMost(PATIENCE)
                .until(() ->
                        jdbc.queryForObject("SELECT count(*) FROM sending.opt_out WHERE address = ?", Long.class, phone)
                                == 1);

        UUID suppressed = idOf(send("{\"to\":\"" + phone + "\",\"text\":\"Not for you\"}", null));

        assertThat(awaitOne(MessageSuppressed.class, e -> e.messageId().equals(suppressed))
                        .optOutId())
                .isEqualTo(optOut);
        assertThat(simulator.calls().stream().filter(call -> call.text().equals("Not for you")))
                .isEmpty();

        simulator.behave(Behaviour.healthy().withFailureRate(1.0).withFailureKinds(FailureKind.SERVER_ERROR));
        try {
            String late = "Too late " + UUID.randomUUID();
            UUID expiring = idOf(send(
                    "{\"to\":\"" + newPhone() + "\",\"text\":\"" + late + "\",\"sendBefore\":\""
                            + Instant.now().plusSeconds(3) + "\"}",
                    null));
            MessageExpired expired =
                    awaitOne(MessageExpired.class, e -> e.messageId().equals(expiring));
            assertThat(expired.expiredAt()).isBefore(Instant.now());
            assertThat(simulator.calls().stream().filter(call -> call.text().equals(late)))
                    .isNotEmpty()
                    .allSatisfy(call -> assertThat(call.receivedAt()).isBefore(Instant.now()));
        } finally {
            simulator.behave(Behaviour.healthy());
        }
    }

    @Test
    void aClientAboveItsAllowanceIsToldWhenToComeBackAndOtherClientsAreNotHeldUp() {
        String valid = "{\"to\":\"" + newPhone() + "\",\"text\":\"Within the allowance\"}";
        for (int i = 0; i < 99; i++) {
            assertThat(send("{\"text\":\"no recipient\"}", null, Role.SENDER, "busy-shop")
                            .getStatusCode())
                    .isEqualTo(HttpStatus.BAD_REQUEST);
        }
        assertThat(send(valid, null, Role.SENDER, "busy-shop").getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        long queued = events.count(MessageQueued.class);

        ResponseEntity<String> refused = send(valid, UUID.randomUUID().toString(), Role.SENDER, "busy-shop");

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(Long.parseLong(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)))
                .isBetween(1L, 100L);
        assertThat(JsonPath.<String>read(refused.getBody(), "$.type")).isEqualTo("urn:mailing:problem:rate-limited");
        assertThat(JsonPath.<String>read(refused.getBody(), "$.detail"))
                .contains("0.01 one-off messages a second (up to 100 at once)");
        assertThat(events.count(MessageQueued.class)).isEqualTo(queued);
        assertThat(send(valid, null, Role.SENDER, "quiet-shop").getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    }

    private static HttpHeaders jsonWithoutToken() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth("not-a-token");
        return headers;
    }

    private static String header(MimeMessage message, String name) {
        try {
            return message.getHeader(name, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

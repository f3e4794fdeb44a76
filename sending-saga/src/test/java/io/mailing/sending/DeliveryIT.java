package io.mailing.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailing.events.customer.CustomerChanged;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.AudienceFixed;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.DeliveryWindow;
import io.mailing.events.mailout.MailoutCancelled;
import io.mailing.events.mailout.MailoutClosed;
import io.mailing.events.mailout.MailoutCompleted;
import io.mailing.events.mailout.MailoutPaused;
import io.mailing.events.mailout.MailoutResumed;
import io.mailing.events.mailout.MailoutStarted;
import io.mailing.events.message.ErrorKind;
import io.mailing.events.message.MessageAttemptFailed;
import io.mailing.events.message.MessageDeferred;
import io.mailing.events.message.MessageExpired;
import io.mailing.events.message.MessageFailed;
import io.mailing.events.message.MessageQueued;
import io.mailing.events.message.MessageSent;
import io.mailing.sending.message.MessageId;
import io.mailing.simulator.Behaviour;
import io.mailing.simulator.Call;
import io.mailing.simulator.FailureKind;
import io.mailing.simulator.ProviderSimulator;
import io.mailing.simulator.SimulatorSettings;
import io.mailing.testsupport.EventFeed;
import io.mailing.testsupport.EventFeed.Event;
import io.mailing.testsupport.StoredEvents;
import io.mailing.testsupport.WithPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sending service alone on real PostgreSQL, fed the events the command service would append, delivering to the
 * provider simulator over HTTP; every test asserts on what the provider actually received.
 */
@WithPostgres
@SpringBootTest(
        classes = SendingServiceApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "mailing.dispatch.batch-size=200",
            "mailing.delivery.max-in-flight=" + DeliveryIT.MAX_IN_FLIGHT,
            "mailing.delivery.poll-interval=50ms",
            "mailing.delivery.record-linger=" + DeliveryIT.RECORD_LINGER_MILLIS + "ms",
            "mailing.delivery.sweep-interval=200ms",
            "mailing.delivery.provider.connect-timeout=500ms",
            "mailing.delivery.provider.request-timeout=1s",
            "mailing.delivery.provider.request-timeout-max=1s",
            "mailing.delivery.retry.base=50ms",
            "mailing.delivery.retry.cap=400ms",
            "mailing.delivery.retry.max-attempts=30",
            "mailing.delivery.circuit.failure-threshold=10",
            "mailing.delivery.circuit.open-duration=1500ms",
            "mailing.delivery.circuit.max-open-duration=3s",
            "mailing.delivery.circuit.credentials-retry-interval=1500ms"
        })
class DeliveryIT {

    static final long RECORD_LINGER_MILLIS = 50;
    private static final String TOKEN = "test-provider-token";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    static final int MAX_IN_FLIGHT = 50;
    private static final AtomicInteger PHONES = new AtomicInteger();
    private static ProviderSimulator simulator = start(0);

    private final EventFeed feed;
    private final StoredEvents events;
    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;

    DeliveryIT(EventStore eventStore, TransactionTemplate transactions, JdbcTemplate jdbc, MeterRegistry meters) {
        this.feed = new EventFeed(eventStore, transactions);
        this.events = new StoredEvents(jdbc);
        this.jdbc = jdbc;
        this.meters = meters;
    }

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registry.add(
                "mailing.delivery.provider.base-url", () -> simulator.baseUrl().toString());
        registry.add("mailing.delivery.provider.token", () -> TOKEN);
    }

    @AfterEach
    void healthyProvider() {
        simulator.behave(Behaviour.healthy());
        simulator.expectToken(TOKEN);
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @Test
    void deliversExactlyOneMessageToEachOfAThousandRecipients() {
        List<CustomerRegistered> audience = register(1_000, "901", List.of());
        List<CustomerRegistered> others = register(50, "902", List.of());
        String text = "Thousand: -30% on everything";

        UUID mailout = start(text, new AudienceFilter(List.of("901"), List.of()), null, false, inAnHour());

        MailoutCompleted completed = awaitCompleted(mailout);
        assertThat(completed)
                .isEqualTo(new MailoutCompleted(mailout, completed.completedAt(), 1_000, 1_000, 0, 0, 0, 0));
        List<Call> calls = calls(text);
        assertThat(calls).hasSize(1_000);
        assertThat(calls.stream().map(Call::msgId).distinct()).hasSize(1_000);
        Map<Long, CustomerRegistered> byMsgId = byMsgId(mailout, audience);
        assertThat(calls).allSatisfy(call -> {
            assertThat(byMsgId).containsKey(call.msgId());
            assertThat(call.phone())
                    .isEqualTo(Long.parseLong(byMsgId.get(call.msgId()).phone()));
            assertThat(call.text()).isEqualTo(text);
        });
        assertThat(byMsgId(mailout, others))
                .doesNotContainKeys(calls.stream().map(Call::msgId).toArray(Long[]::new));
    }

    @Test
    void recordsOutcomesThatTrickleInManyPerTransaction() {
        // 50 attempts in flight, answered 10 to 190 ms after each call: an outcome every 2 ms or so.
        simulator.behave(Behaviour.healthy().withLatency(Duration.ofMillis(100), Duration.ofMillis(90)));
        register(200, "913", List.of());

        UUID mailout = start("Trickle", new AudienceFilter(List.of("913"), List.of()), null, false, inAnHour());

        assertThat(awaitCompleted(mailout).sent()).isEqualTo(200);
        List<Map<String, Object>> recorded = jdbc.queryForList(
                "SELECT xmin::text AS transaction, timestamp FROM axon.domain_event_entry WHERE payloadtype = ?"
                        + " AND convert_from(payload, 'UTF8')::jsonb ->> 'mailoutId' = ?",
                MessageSent.class.getName(),
                mailout.toString());
        List<Instant> times = recorded.stream()
                .map(row -> Instant.parse((String) row.get("timestamp")))
                .sorted()
                .toList();
        long transactions =
                recorded.stream().map(row -> row.get("transaction")).distinct().count();
        // Each batch waits out the linger from its first outcome (none fills up with 50 in flight), so the
        // transactions that record them are at least the linger apart.
        long span = Duration.between(times.get(0), times.get(times.size() - 1)).toMillis();
        assertThat(transactions)
                .as("transactions that recorded 200 messages sent over %d ms", span)
                .isLessThanOrEqualTo(span / RECORD_LINGER_MILLIS + 1);
    }

    @Test
    void retriesFailedAttemptsUntilEveryMessageIsSent() {
        simulator.behave(new Behaviour(
                Duration.ZERO, Duration.ZERO, 0.3, EnumSet.allOf(FailureKind.class), Duration.ofSeconds(3)));
        List<CustomerRegistered> audience = register(300, "903", List.of());
        String text = "Flaky provider, steady platform";

        UUID mailout = start(text, new AudienceFilter(List.of("903"), List.of()), null, false, inAnHour());

        MailoutCompleted completed = awaitCompleted(mailout);
        assertThat(completed.sent()).isEqualTo(300);
        List<Call> calls = calls(text);
        Map<Long, List<Call>> callsByMsgId = calls.stream().collect(Collectors.groupingBy(Call::msgId));
        assertThat(callsByMsgId).hasSize(300);
        assertThat(calls.size()).as("some calls failed").isGreaterThan(300);
        List<MessageAttemptFailed> failures =
                events.all(MessageAttemptFailed.class, e -> e.mailoutId().equals(mailout));
        assertThat(failures).hasSize(calls.size() - 300);
        assertThat(failures).extracting(MessageAttemptFailed::retryAt).doesNotContainNull();
        Map<UUID, CustomerRegistered> customers =
                audience.stream().collect(Collectors.toMap(CustomerRegistered::customerId, Function.identity()));
        assertThat(events.all(MessageSent.class, e -> e.mailoutId().equals(mailout)))
                .allSatisfy(sent -> {
                    long msgId = MessageId.of(mailout, sent.customerId()).providerMessageId();
                    assertThat(customers).containsKey(sent.customerId());
                    assertThat(sent.attempt())
                            .as("attempt of %s", msgId)
                            .isEqualTo(callsByMsgId.get(msgId).size());
                });
    }

    @Test
    void sendsEverythingOnceTheProviderIsBackFromAnOutage() {
        int port = simulator.port();
        simulator.close();
        register(200, "904", List.of());
        String text = "Sent after the outage";

        UUID mailout = start(text, new AudienceFilter(List.of("904"), List.of()), null, false, inAnHour());

        await().atMost(PATIENCE)
                .until(() -> events
                                .all(
                                        MessageAttemptFailed.class,
                                        e -> e.mailoutId().equals(mailout))
                                .stream()
                                .filter(e -> e.errorKind() == ErrorKind.CONNECTION_FAILED)
                                .count()
                        >= 10);
        await().atMost(PATIENCE).until(() -> circuitState() == 2.0 || circuitState() == 1.0);
        simulator = start(port);

        MailoutCompleted completed = awaitCompleted(mailout);
        assertThat(completed.sent()).isEqualTo(200);
        List<Call> calls = calls(text);
        assertThat(calls).hasSize(200);
        assertThat(calls.stream().map(Call::msgId).distinct()).hasSize(200);
    }

    @Test
    void expiresWhatIsStillPendingAtTheEndAndNeverCallsAfterIt() {
        simulator.behave(new Behaviour(Duration.ofMillis(250), Duration.ZERO, 0, Set.of(), Duration.ofSeconds(3)));
        register(1_000, "905", List.of());
        String text = "Until the end, and not a moment longer";
        Instant endAt = Instant.now().plusSeconds(3);

        UUID mailout = start(text, new AudienceFilter(List.of("905"), List.of()), null, false, endAt);

        MailoutCompleted completed = awaitCompleted(mailout);
        assertThat(completed.queued()).isEqualTo(1_000);
        assertThat(completed.sent()).isPositive();
        assertThat(completed.expired()).isPositive();
        assertThat(completed.sent() + completed.expired()).isEqualTo(1_000);
        List<Call> calls = calls(text);
        assertThat(calls).hasSize((int) completed.sent());
        assertThat(calls).allSatisfy(call -> assertThat(call.receivedAt()).isBefore(endAt));
    }

    @Test
    void pausesForRefusedCredentialsWithoutFailingAnyMessage() {
        simulator.expectToken("a-rotated-token");
        register(20, "906", List.of());
        String text = "Credentials, please";

        UUID mailout = start(text, new AudienceFilter(List.of("906"), List.of()), null, false, inAnHour());

        await().atMost(PATIENCE).until(() -> circuitState() == 3.0);
        await().during(Duration.ofSeconds(4))
                .atMost(Duration.ofSeconds(8))
                .until(() -> events.all(
                                        MessageAttemptFailed.class,
                                        e -> e.mailoutId().equals(mailout))
                                .isEmpty()
                        && events.all(MessageFailed.class, e -> e.mailoutId().equals(mailout))
                                .isEmpty());
        assertThat(simulator.stats().unauthorized())
                .as("probes while suspended")
                .isGreaterThanOrEqualTo(2);
        assertThat(pending(mailout)).isEqualTo(20);
        assertThat(meters.get("mailing.provider.credentials.rejected").counter().count())
                .isPositive();

        simulator.expectToken(TOKEN);

        assertThat(awaitCompleted(mailout).sent()).isEqualTo(20);
        assertThat(calls(text)).hasSize(20);
    }

    @Test
    void pauseHoldsMessagesBackAndResumeSendsThem() {
        simulator.behave(new Behaviour(Duration.ofMillis(100), Duration.ZERO, 0, Set.of(), Duration.ofSeconds(3)));
        register(500, "907", List.of());
        String text = "Paused, then resumed";
        UUID mailout = start(text, new AudienceFilter(List.of("907"), List.of()), null, false, inAnHour());
        await().atMost(PATIENCE).until(() -> calls(text).size() >= 50);

        feed.append("Mailout", mailout, new MailoutPaused(mailout, Instant.now()));

        // Once the pause is in the dispatch state, no message of the mailout is leased any more: only the attempts
        // under way then (at most the in-flight bound) may still reach the provider, and after them nothing.
        await().atMost(PATIENCE).until(() -> "PAUSED".equals(dispatchState(mailout)));
        int whenPaused = calls(text).size();
        await().atMost(PATIENCE).until(() -> inFlight() == 0);
        int settled = calls(text).size();
        assertThat(settled - whenPaused).as("calls after the pause took effect").isLessThanOrEqualTo(MAX_IN_FLIGHT);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(3))
                .until(() -> calls(text).size() == settled);
        assertThat(settled).isLessThan(500);
        assertThat(pending(mailout)).isPositive();

        feed.append("Mailout", mailout, new MailoutResumed(mailout, Instant.now()));

        assertThat(awaitCompleted(mailout).sent()).isEqualTo(500);
        assertThat(calls(text).stream().map(Call::msgId).distinct()).hasSize(500);
    }

    @Test
    void cancelTurnsEveryPendingMessageCancelled() {
        simulator.behave(new Behaviour(Duration.ofMillis(100), Duration.ZERO, 0, Set.of(), Duration.ofSeconds(3)));
        register(500, "908", List.of());
        String text = "Cancelled halfway";
        UUID mailout = start(text, new AudienceFilter(List.of("908"), List.of()), null, false, inAnHour());
        await().atMost(PATIENCE).until(() -> calls(text).size() >= 50);

        feed.append("Mailout", mailout, new MailoutCancelled(mailout, Instant.now()));

        MailoutCompleted completed = awaitCompleted(mailout);
        assertThat(completed.cancelled()).isPositive();
        assertThat(completed.queued())
                .as("the release stops with the cancellation")
                .isLessThanOrEqualTo(500);
        assertThat(completed.sent() + completed.cancelled()).isEqualTo(completed.queued());
        assertThat(calls(text)).hasSize((int) completed.sent());
        assertThat(pending(mailout)).isZero();
    }

    @Test
    void lateJoinersGetTheMessageOnceAndOthersDoNot() {
        List<CustomerRegistered> early = register(10, "909", List.of("late"));
        String text = "Welcome, late joiners";
        UUID mailout = start(text, new AudienceFilter(List.of(), List.of("late")), null, true, inAnHour());
        await().atMost(PATIENCE).until(() -> calls(text).size() == 10);

        List<CustomerRegistered> late = register(5, "909", List.of("late"));
        CustomerRegistered first = early.get(0);
        feed.append(
                "Customer",
                first.customerId(),
                new CustomerChanged(first.customerId(), "79990000000", "909", List.of("late", "vip"), "UTC", null));
        await().atMost(PATIENCE).until(() -> calls(text).size() == 15);
        feed.append("Mailout", mailout, new MailoutClosed(mailout, Instant.now()));

        MailoutCompleted completed = awaitCompleted(mailout);
        assertThat(completed.queued()).isEqualTo(15);
        assertThat(completed.sent()).isEqualTo(15);
        assertThat(calls(text).stream().map(Call::msgId).distinct()).hasSize(15);
        assertThat(byMsgId(mailout, late))
                .allSatisfy((msgId, customer) -> assertThat(calls(text).stream().filter(c -> c.msgId() == msgId))
                        .hasSize(1));
    }

    @Test
    void withoutLateJoinersTheAudienceIsWhoHadJoinedAtTheStart() {
        register(5, "910", List.of("early"));
        String text = "Only for those who were there";
        UUID mailout = start(text, new AudienceFilter(List.of(), List.of("early")), null, false, inAnHour());
        await().atMost(PATIENCE)
                .until(() -> !events.all(AudienceFixed.class, e -> e.mailoutId().equals(mailout))
                        .isEmpty());

        List<CustomerRegistered> late = register(3, "910", List.of("early"));

        MailoutCompleted completed = awaitCompleted(mailout);
        assertThat(completed.queued()).isEqualTo(5);
        assertThat(calls(text)).hasSize(5);
        assertThat(byMsgId(mailout, late))
                .doesNotContainKeys(calls(text).stream().map(Call::msgId).toArray(Long[]::new));
    }

    @Test
    void defersACustomerOutsideTheWindowUntilItOpens() {
        Instant now = Instant.now();
        LocalTime opens = now.plus(2, ChronoUnit.HOURS)
                .atOffset(ZoneOffset.UTC)
                .toLocalTime()
                .withNano(0);
        DeliveryWindow window = new DeliveryWindow(opens, opens.plusHours(1));
        register(3, "911", List.of(), "UTC");
        String text = "Not before the window opens";

        UUID mailout =
                start(text, new AudienceFilter(List.of("911"), List.of()), window, false, now.plus(Duration.ofDays(1)));

        await().atMost(PATIENCE)
                .until(() ->
                        events.all(MessageDeferred.class, e -> e.mailoutId().equals(mailout))
                                        .size()
                                == 3);
        assertThat(events.all(MessageDeferred.class, e -> e.mailoutId().equals(mailout)))
                .allSatisfy(deferred -> assertThat(deferred.until())
                        .isEqualTo(window.nextOpening(deferred.deferredAt(), ZoneOffset.UTC)));
        assertThat(calls(text)).isEmpty();
        assertThat(pending(mailout)).isEqualTo(3);
    }

    @Test
    void everyEventOfAMessageIsAttributedToWhoeverStartedItsMailout() {
        simulator.behave(new Behaviour(
                Duration.ofMillis(500),
                Duration.ZERO,
                0.3,
                EnumSet.of(FailureKind.SERVER_ERROR, FailureKind.MALFORMED_BODY),
                Duration.ofSeconds(3)));
        // More messages than 50 in flight at 500 ms each can attempt before the end: some are still pending then.
        register(300, "912", List.of());
        Map<String, String> origin = Map.of("principal", "alice", "correlationId", "campaign-42");

        UUID mailout = start(
                "Who sent this?",
                new AudienceFilter(List.of("912"), List.of()),
                null,
                false,
                Instant.now().plusSeconds(3),
                origin);

        assertThat(awaitCompleted(mailout).expired()).isPositive();
        Map<String, List<Map<String, Object>>> byType = Map.of(
                "MessageQueued", metadata(MessageQueued.class, MessageQueued::mailoutId, mailout),
                "MessageAttemptFailed", metadata(MessageAttemptFailed.class, MessageAttemptFailed::mailoutId, mailout),
                "MessageSent", metadata(MessageSent.class, MessageSent::mailoutId, mailout),
                "MessageExpired", metadata(MessageExpired.class, MessageExpired::mailoutId, mailout),
                "MailoutCompleted", metadata(MailoutCompleted.class, MailoutCompleted::mailoutId, mailout));
        assertThat(byType)
                .allSatisfy((type, metadata) -> assertThat(metadata)
                        .as(type)
                        .isNotEmpty()
                        .allSatisfy(m -> assertThat(m).containsAllEntriesOf(origin)));
    }

    private List<CustomerRegistered> register(int count, String operatorCode, List<String> tags) {
        return register(count, operatorCode, tags, "Europe/Moscow", "Asia/Vladivostok");
    }

    /** Registers customers with distinct phones, their time zones taken in turn from {@code zones}. */
    private List<CustomerRegistered> register(int count, String operatorCode, List<String> tags, String... zones) {
        List<CustomerRegistered> customers = IntStream.range(0, count)
                .mapToObj(i -> new CustomerRegistered(
                        UUID.randomUUID(),
                        "7" + operatorCode + String.format("%07d", PHONES.incrementAndGet()),
                        operatorCode,
                        tags,
                        zones[i % zones.length],
                        null))
                .toList();
        feed.appendAll(
                "Customer",
                customers.stream().map(c -> new Event(c.customerId(), c)).toList());
        return customers;
    }

    private UUID start(String text, AudienceFilter filter, DeliveryWindow window, boolean lateJoiners, Instant endAt) {
        return start(text, filter, window, lateJoiners, endAt, Map.of());
    }

    /** Starts a mailout whose {@code MailoutStarted} carries this metadata. */
    private UUID start(
            String text,
            AudienceFilter filter,
            DeliveryWindow window,
            boolean lateJoiners,
            Instant endAt,
            Map<String, ?> metaData) {
        UUID mailout = UUID.randomUUID();
        feed.append(
                "Mailout",
                mailout,
                new MailoutStarted(mailout, Instant.now(), text, filter, window, endAt, lateJoiners, Channel.SMS, null),
                metaData);
        return mailout;
    }

    /** The metadata of every stored event of this type about the mailout. */
    private <T> List<Map<String, Object>> metadata(Class<T> type, Function<T, UUID> mailoutOf, UUID mailout) {
        return events.withMetadata(type, e -> mailoutOf.apply(e).equals(mailout)).stream()
                .map(StoredEvents.Stored::metadata)
                .toList();
    }

    private MailoutCompleted awaitCompleted(UUID mailout) {
        return await().atMost(PATIENCE)
                .until(
                        () -> events.all(
                                MailoutCompleted.class, e -> e.mailoutId().equals(mailout)),
                        e -> !e.isEmpty())
                .get(0);
    }

    private List<Call> calls(String text) {
        return simulator.calls().stream().filter(c -> c.text().equals(text)).toList();
    }

    private int pending(UUID mailout) {
        Integer count = jdbc.queryForObject(
                "SELECT (SELECT count(*) FROM sending.delivery_queue WHERE mailout_id = ?)"
                        + " + (SELECT coalesce(sum(size - claimed_through), 0) FROM sending.delivery_batch"
                        + " WHERE mailout_id = ?)",
                Integer.class,
                mailout,
                mailout);
        return count == null ? 0 : count;
    }

    private String dispatchState(UUID mailout) {
        return jdbc.queryForObject(
                "SELECT state FROM sending.dispatch_mailout WHERE mailout_id = ?", String.class, mailout);
    }

    private double inFlight() {
        return meters.get("mailing.delivery.in-flight").gauge().value();
    }

    private double circuitState() {
        return meters.get("mailing.provider.circuit.state").gauge().value();
    }

    private static Map<Long, CustomerRegistered> byMsgId(UUID mailout, List<CustomerRegistered> customers) {
        return customers.stream()
                .collect(Collectors.toMap(
                        c -> MessageId.of(mailout, c.customerId()).providerMessageId(), Function.identity()));
    }

    private static Instant inAnHour() {
        return Instant.now().plus(Duration.ofHours(1));
    }

    private static ProviderSimulator start(int port) {
        return ProviderSimulator.start(new SimulatorSettings("127.0.0.1", port, TOKEN, Behaviour.healthy(), true));
    }
}

package io.mailing.deploy;

import static io.mailing.bench.Benchmark.ordered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.bench.Api;
import io.mailing.bench.Benchmark;
import io.mailing.bench.Latencies;
import io.mailing.bench.Load;
import io.mailing.events.message.MessageAttemptFailed;
import io.mailing.events.message.MessageQueued;
import io.mailing.events.message.MessageSent;
import io.mailing.testsupport.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Faults injected into the split topology (separate JVMs on loopback, two sending services) while two mailouts run
 * side by side to the same customers, an SMS mailout to all of them through the provider simulator and an e-mail
 * mailout to every second one (those with an e-mail address too) through a real SMTP server ({@link MailServer},
 * GreenMail in this JVM), one fault after the other, each once the previous one has been recovered from:
 *
 * <ol>
 *   <li>{@code kill -9} of one sending service while it holds text messages and e-mails: the other takes over its
 *       leases and goes on delivering both; the killed one is started again;
 *   <li>{@code kill -9} of the query service, started again while messages go on being delivered: it catches up;
 *   <li>(full suite) PostgreSQL stopped and started again: every service reconnects and deliveries resume;
 *   <li>(full suite) the Kafka broker stopped for a while: every event published meanwhile arrives once it is back;
 *   <li>(full suite) the provider slow (2 s) and failing half the calls for a minute: the command API's p99 stays
 *       within twice its value while the mailout ran normally (both measured after a warm-up at the same load).
 * </ol>
 *
 * Both mailouts are held to a rate per sending process (e-mail at half the SMS rate, for half the recipients), so
 * that each is still under way at every fault. At the end every SMS recipient has exactly one delivered msgId (a
 * repeat is only ever a call with the same msgId), every e-mail recipient exactly one {@code Message-ID}, its own
 * message's (a repeat is only ever a hand-over with the same {@code Message-ID}), nothing is lost, and the query
 * service's counts, the provider's, the SMTP server's and Kafka's agree. Every repeated call and hand-over is put down
 * to what became of the one before it ({@link RepeatedCalls}): none may follow one our side gave up waiting for,
 * since the provider (2 s at its slowest here) and the SMTP server always answer well within the attempt timeout.
 * The fast suite (3,000 recipients, the first two faults) runs with {@code ./mvnw verify}; {@code scripts/faults}
 * runs the full one (20,000 recipients, all five). Each case's checks and figures go to {@code
 * deploy/target/faults/report.{md,json}}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionIT {

    private static final boolean FULL = Boolean.getBoolean("faults.full");
    private static final int RECIPIENTS = Integer.getInteger("faults.recipients", FULL ? 20_000 : 3_000);
    private static final int IMPORT_CHUNK = 10_000;
    /** How long a sending node's claim on a message lasts: how soon the other node may take a dead node's work. */
    private static final Duration LEASE = Duration.ofSeconds(30);
    /**
     * The least and the most an attempt waits for the provider: the least is the default, the most at most half the
     * lease, which the services check at start-up (the default, 30 s, goes with the default 60 s lease).
     */
    private static final String REQUEST_TIMEOUT = "10s";

    private static final String REQUEST_TIMEOUT_MAX = "15s";
    /**
     * Provider attempts per second per sending node, so that the mailout is still under way at every fault: the full
     * suite's faults and recoveries take three to four minutes of mailout on 2 cores (the slower the machine, the
     * longer its restarts), and at 60 a second per node its 20,000 messages were once all delivered before the last
     * fault. The fast suite's 3,000 go at 20 a second: one node alone for the lease (30 s) and the killed one's restart
     * (up to 40 s on a busy CI machine) then leaves more than a thousand for the query service's kill; at 40 a second
     * its 2,000 were once all delivered before it.
     */
    private static final int RATE_LIMIT = FULL ? 30 : 20;
    /** Every second imported customer has an e-mail address beside the phone: the e-mail mailout's recipients. */
    private static final int EMAIL_RECIPIENTS = (RECIPIENTS + 1) / 2;
    /**
     * E-mails per second per sending node: half the SMS rate for half the recipients, so that the e-mail mailout
     * takes about as long as the SMS one and is under way at every fault too.
     */
    private static final int EMAIL_RATE_LIMIT = RATE_LIMIT / 2;
    /** Where the customers' e-mail addresses are; the report service's addressee is there too. */
    private static final String EMAIL_DOMAIN = "faults.test";
    /** The leases of a node's e-mail lane are its own, under the node's id with {@code /email}. */
    private static final String EMAIL_LANE = "%s/email";
    /** How long PostgreSQL and the Kafka broker stay down. */
    private static final Duration OUTAGE = Duration.ofSeconds(15);

    private static final Duration RECOVERY = Duration.ofMinutes(3);
    private static final Duration PATIENCE = Duration.ofMinutes(FULL ? 20 : 5);
    /** The command API's load while its latency is measured: new customers, open loop. */
    private static final int COMMAND_RATE = 25;

    /** Load before each measured window, not counted: the first requests after start-up only warm the JIT up. */
    private static final Duration WARM_UP = Duration.ofSeconds(10);

    private static final Duration NORMAL_WINDOW = Duration.ofSeconds(30);
    private static final Duration SLOW_WINDOW = Duration.ofMinutes(1);
    private static final String SLOW_AND_FAILING =
            "{\"latency\":\"PT2S\",\"failureRate\":0.5,\"failureKinds\":[\"SERVER_ERROR\"]}";
    private static final Path DIR = SplitPlatform.ROOT.resolve("deploy/target/faults");

    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger newCustomers = new AtomicInteger();
    private final List<Instant> sendingKills = new ArrayList<>();
    private RestartablePostgres postgres;
    private TestDatabase database;
    private MailServer mail;
    private SplitPlatform platform;
    private FaultReport report;
    private UUID mailout;
    private UUID emailMailout;

    @BeforeAll
    void start() {
        SplitPlatform.deleteTree(DIR);
        postgres = new RestartablePostgres(DIR.resolve("postgres"));
        database = postgres.createDatabase("mailing_faults");
        report = new FaultReport(ordered(
                "suite",
                FULL ? "full" : "fast",
                "recipients",
                RECIPIENTS,
                "sending processes",
                2,
                "lease",
                LEASE.toSeconds() + "s",
                "attempt timeout (least / most, 3 x the provider's p99 in between)",
                REQUEST_TIMEOUT + " / " + REQUEST_TIMEOUT_MAX,
                "provider attempts per second per sending process",
                RATE_LIMIT,
                "e-mail recipients (every second customer)",
                EMAIL_RECIPIENTS,
                "e-mails per second per sending process",
                EMAIL_RATE_LIMIT,
                "SMTP server",
                "GreenMail in the test's JVM",
                "cores",
                Runtime.getRuntime().availableProcessors(),
                "started",
                Instant.now().toString()));
        mail = MailServer.start();
        platform = new SplitPlatform(
                        database,
                        DIR.resolve("split"),
                        Map.of(
                                // the faults are the services'; the console would only take memory and CPU
                                "CONSOLE",
                                "off",
                                "MAILING_DELIVERY_LEASE",
                                LEASE.toSeconds() + "s",
                                "PROVIDER_REQUEST_TIMEOUT",
                                REQUEST_TIMEOUT,
                                "PROVIDER_REQUEST_TIMEOUT_MAX",
                                REQUEST_TIMEOUT_MAX,
                                "DELIVERY_RATE_LIMIT",
                                Integer.toString(RATE_LIMIT),
                                // every service gets the mail server, as scripts/split passes its environment on: the
                                // command service then takes e-mail mailouts, the sending services deliver them, and
                                // the report service needs someone to send its daily report to
                                "SPRING_MAIL_HOST",
                                "127.0.0.1",
                                "SPRING_MAIL_PORT",
                                Integer.toString(mail.port()),
                                "EMAIL_RATE_LIMIT",
                                Integer.toString(EMAIL_RATE_LIMIT),
                                "REPORT_TO",
                                "reports@" + EMAIL_DOMAIN))
                .start();
    }

    @AfterAll
    void stop() {
        try {
            if (platform != null) {
                platform.close();
            }
            if (postgres != null) {
                postgres.close();
            }
            if (mail != null) {
                mail.close();
            }
        } finally {
            if (report != null) {
                report.write(DIR);
            }
        }
    }

    @Test
    void anSmsAndAnEmailMailoutLoseNothingAndSendNothingTwiceThroughEveryFault() throws Exception {
        importCustomers();
        Instant started = Instant.now();
        mailout = startMailout(started, "\"text\":\"Faults\"");
        emailMailout =
                startMailout(started, "\"channel\":\"EMAIL\",\"subject\":\"Faults\",\"text\":\"Faults by e-mail\"");
        try (DeliveryTopic topic =
                new DeliveryTopic(platform.kafkaPort, "fault-injection-it", List.of(mailout, emailMailout))) {
            Latencies normal = FULL ? commandLoad("normal", NORMAL_WINDOW) : null;
            killSendingProcess();
            killQueryService();
            if (FULL) {
                restartPostgres();
                stopKafka(topic);
                slowAndFailingProvider(normal);
            }
            everyRecipientExactlyOnce(topic, started);
            everyEmailRecipientExactlyOnce(topic, started);
        }
    }

    private void killSendingProcess() throws SQLException {
        long atKill = underWayAfter(RECIPIENTS / 10, "kill -9 sending-1");
        await("sending-1 holds e-mails too")
                .atMost(RECOVERY)
                .until(() -> leasesOf(EMAIL_LANE.formatted("sending-1")) > 0);
        long emailsAtKill = emailsUnderWay("kill -9 sending-1");
        long leases = leasesOf("sending-1");
        long emailLeases = leasesOf(EMAIL_LANE.formatted("sending-1"));
        int survivor = platform.sendingPorts.get(1);
        long survivorBefore = platform.deliveredBy(survivor);
        long survivorEmailsBefore = platform.emailsDeliveredBy(survivor);
        Instant killed = Instant.now();
        platform.kill("sending-1");
        sendingKills.add(Instant.now()); // once the process is gone
        await("sending-2 takes over every message and e-mail sending-1 had leased")
                .atMost(RECOVERY)
                .until(() -> leasesOf("sending-1") == 0 && leasesOf(EMAIL_LANE.formatted("sending-1")) == 0);
        Duration takeover = Duration.between(killed, Instant.now());
        await("sending-2 goes on delivering text messages and e-mails")
                .atMost(RECOVERY)
                .until(() -> platform.deliveredBy(survivor) > survivorBefore + leases
                        && (platform.emailsDeliveredBy(survivor) > survivorEmailsBefore + emailLeases
                                || emailsDelivered() == EMAIL_RECIPIENTS));
        long survivorDelivered = platform.deliveredBy(survivor) - survivorBefore;
        long survivorEmails = platform.emailsDeliveredBy(survivor) - survivorEmailsBefore;
        Instant restarted = Instant.now();
        platform.restart("sending-1");
        await("sending-1 is ready again").atMost(RECOVERY).until(() -> platform.ready(platform.sendingPorts.get(0)));
        report.add(
                "kill -9 one sending process",
                List.of(
                        "sending-1 killed with " + leases + " text messages and " + emailLeases + " e-mails leased,"
                                + " after " + atKill + " text messages and " + emailsAtKill + " e-mails were delivered",
                        "sending-2 took over every lease of sending-1 and delivered " + survivorDelivered
                                + " text messages and " + survivorEmails + " e-mails while sending-1 was down",
                        "sending-1 started again and became ready"),
                ordered(
                        "leases held by the killed process",
                        leases,
                        "e-mail leases held by the killed process",
                        emailLeases,
                        "seconds until its leases were taken over",
                        seconds(takeover),
                        "seconds until the restarted process was ready",
                        seconds(Duration.between(restarted, Instant.now()))));
    }

    private void killQueryService() {
        long atKill = underWayAfter(delivered() + RECIPIENTS / 20, "kill -9 the query service");
        long emailsAtKill = emailsUnderWay("kill -9 the query service");
        Instant killed = Instant.now();
        platform.kill("query");
        long missed = Math.min(RECIPIENTS, atKill + RECIPIENTS / 20);
        await("deliveries go on while the query service is down")
                .atMost(RECOVERY)
                .until(() -> delivered() >= missed);
        long atRestart = delivered();
        long emailsAtRestart = emailsDelivered();
        Instant restarted = Instant.now();
        platform.restart("query");
        await("the query service is ready again").atMost(RECOVERY).until(() -> platform.ready(platform.queryPort));
        Duration startup = Duration.between(restarted, Instant.now());
        await("the query service counts every message and e-mail delivered before it came back")
                .atMost(RECOVERY)
                .ignoreExceptions()
                .until(() -> sentByQueryService(mailout) >= atRestart
                        && sentByQueryService(emailMailout) >= emailsAtRestart);
        report.add(
                "kill -9 the query service and start it again",
                List.of(
                        "query service killed after " + atKill + " text messages and " + emailsAtKill
                                + " e-mails were delivered; " + (atRestart - atKill) + " more text messages and "
                                + (emailsAtRestart - emailsAtKill) + " e-mails were delivered before it was started"
                                + " again",
                        "once ready it counted at least the " + atRestart + " text messages and " + emailsAtRestart
                                + " e-mails delivered before its restart (the final counts are checked at the end)"),
                ordered(
                        "seconds down",
                        seconds(Duration.between(killed, restarted)),
                        "seconds until ready",
                        seconds(startup),
                        "seconds until caught up",
                        seconds(Duration.between(restarted, Instant.now()))));
    }

    private void restartPostgres() throws InterruptedException {
        long atStop = underWayAfter(delivered() + RECIPIENTS / 20, "restart PostgreSQL");
        long emailsAtStop = emailsUnderWay("restart PostgreSQL");
        Instant stopped = Instant.now();
        postgres.stop();
        Thread.sleep(OUTAGE.toMillis()); // the outage itself: nothing to wait for
        long whileDown = delivered() - atStop;
        long emailsWhileDown = emailsDelivered() - emailsAtStop;
        postgres.start();
        Instant back = Instant.now();
        long atStart = delivered();
        long emailsAtStart = emailsDelivered();
        await("every service is ready and deliveries of text messages and e-mails resume")
                .atMost(RECOVERY)
                .until(() -> delivered() >= Math.min(RECIPIENTS, atStart + 2L * RATE_LIMIT)
                        && emailsDelivered() >= Math.min(EMAIL_RECIPIENTS, emailsAtStart + 2L * EMAIL_RATE_LIMIT)
                        && platform.ready(platform.commandPort)
                        && platform.ready(platform.queryPort)
                        && platform.sendingPorts.stream().allMatch(platform::ready));
        report.add(
                "restart PostgreSQL",
                List.of(
                        "PostgreSQL stopped (fast shutdown: every connection cut) after " + atStop
                                + " text messages and " + emailsAtStop + " e-mails were delivered, and started again "
                                + seconds(OUTAGE) + " s later",
                        "every service reconnected by itself and deliveries of text messages and e-mails resumed"),
                ordered(
                        "seconds down",
                        seconds(Duration.between(stopped, back)),
                        "provider deliveries while it was down",
                        whileDown,
                        "e-mails delivered while it was down",
                        emailsWhileDown,
                        "seconds from its start until deliveries resumed",
                        seconds(Duration.between(back, Instant.now()))));
    }

    private void stopKafka(DeliveryTopic topic) throws InterruptedException {
        long atStop = underWayAfter(delivered() + RECIPIENTS / 20, "stop the Kafka broker");
        long emailsAtStop = emailsUnderWay("stop the Kafka broker");
        Instant stopped = Instant.now();
        platform.stop("kafka");
        Thread.sleep(OUTAGE.toMillis()); // the outage itself: nothing to wait for
        long atStart = delivered();
        long emailsAtStart = emailsDelivered();
        platform.restart("kafka");
        Instant back = Instant.now();
        await("every message and e-mail delivered while the broker was down is on Kafka once it is back")
                .atMost(RECOVERY)
                .until(() -> topic.sent(mailout).size() >= atStart
                        && topic.sent(emailMailout).size() >= emailsAtStart);
        report.add(
                "stop the Kafka broker for a while",
                List.of(
                        "broker stopped after " + atStop + " text messages and " + emailsAtStop
                                + " e-mails were delivered; " + (atStart - atStop) + " text messages and "
                                + (emailsAtStart - emailsAtStop) + " e-mails were delivered while it was down",
                        "once it was back, a MessageSent of every message and e-mail delivered until then was on the"
                                + " topic"),
                ordered(
                        "seconds down",
                        seconds(Duration.between(stopped, back)),
                        "deliveries while it was down",
                        atStart - atStop,
                        "e-mails delivered while it was down",
                        emailsAtStart - emailsAtStop,
                        "seconds from its start until Kafka had caught up",
                        seconds(Duration.between(back, Instant.now()))));
    }

    private void slowAndFailingProvider(Latencies normal) throws InterruptedException {
        underWayAfter(delivered(), "make the provider slow and failing");
        long emailsBefore = emailsDelivered();
        JsonNode before = providerStats();
        platform.put(platform.simulatorPort, "/simulator/behaviour", SLOW_AND_FAILING);
        Latencies slow;
        try {
            slow = commandLoad("provider slow and failing", SLOW_WINDOW);
        } finally {
            platform.put(platform.simulatorPort, "/simulator/behaviour", "{}");
        }
        JsonNode after = providerStats();
        long emailsMeanwhile = emailsDelivered() - emailsBefore;
        boolean emailsLeft = emailsBefore < EMAIL_RECIPIENTS;
        long failed = after.at("/failedByKind/SERVER_ERROR").asLong()
                - before.at("/failedByKind/SERVER_ERROR").asLong();
        assertThat(failed).as("provider calls failed while it was slow").isPositive();
        if (emailsLeft) {
            assertThat(emailsMeanwhile)
                    .as("e-mails delivered while the SMS provider was slow and failing (the e-mail lane has a circuit"
                            + " of its own)")
                    .isPositive();
        }
        assertThat(normal.errors())
                .as("command API errors while the mailout ran normally")
                .isZero();
        assertThat(slow.errors())
                .as("command API errors while the provider was slow")
                .isZero();
        assertThat(slow.p99())
                .as("command API p99 with a slow, failing provider against its normal p99 %s ms", normal.p99())
                .isLessThanOrEqualTo(2 * normal.p99());
        report.add(
                "the provider slow (2 s) and failing half the calls for a minute",
                List.of(
                        "the command API took " + COMMAND_RATE + " new customers a second (open loop) throughout",
                        "its p99 stayed within twice its p99 while the mailout ran normally",
                        "the failed calls were retried (checked at the end: every recipient delivered)",
                        emailsLeft
                                ? "the e-mail lane, whose circuit is its own, went on delivering meanwhile"
                                : "the e-mail mailout had been delivered before"),
                ordered(
                        "normal p50 / p99 ms",
                        millis(normal.p50()) + " / " + millis(normal.p99()),
                        "slow provider p50 / p99 ms",
                        millis(slow.p50()) + " / " + millis(slow.p99()),
                        "p99 ratio",
                        Math.round(100 * slow.p99() / normal.p99()) / 100.0,
                        "provider calls failed",
                        failed,
                        "provider calls answered in the minute",
                        after.path("totalCalls").asLong()
                                - before.path("totalCalls").asLong(),
                        "e-mails delivered in the minute",
                        emailsMeanwhile));
    }

    private void everyRecipientExactlyOnce(DeliveryTopic topic, Instant started) throws SQLException {
        JsonNode stats = await("the query service counts every recipient sent")
                .atMost(PATIENCE)
                .ignoreExceptions()
                .until(
                        () -> platform.get(platform.queryPort, "/api/v1/stats/mailouts/" + mailout),
                        detail -> "COMPLETED".equals(detail.path("status").asText())
                                && detail.at("/messages/byStatus/SENT").asLong() == RECIPIENTS);
        Duration total = Duration.between(started, Instant.now());
        JsonNode provider = providerStats();
        long deliveredMsgIds = provider.path("deliveredMsgIds").asLong();
        assertThat(provider.path("uniqueMsgIds").asLong())
                .as("msgIds the provider was called with: one per recipient")
                .isEqualTo(RECIPIENTS);
        assertThat(deliveredMsgIds).as("msgIds delivered").isEqualTo(RECIPIENTS);
        assertThat(stats.at("/messages/total").asLong())
                .as("messages of the mailout")
                .isEqualTo(RECIPIENTS);
        Map<String, Long> notSent = byStatus(stats);
        notSent.remove("SENT");
        assertThat(notSent.values())
                .as("messages in another status: %s", notSent)
                .allMatch(count -> count == 0);
        Set<String> onKafka = await("every MessageSent on Kafka")
                .atMost(RECOVERY)
                .until(() -> topic.sent(mailout), sent -> sent.size() >= RECIPIENTS);
        assertThat(onKafka).as("messages with a MessageSent on Kafka").hasSize(RECIPIENTS);
        Map<Long, List<RepeatedCalls.Attempt>> attempts = recordedAttempts(
                mailout, queued -> queued.path("providerMessageId").asLong());
        long timedOut = timedOut(attempts);
        RepeatedCalls.Tally repeats = new RepeatedCalls(sendingKills, LEASE).tally(providerCalls(), attempts);
        report.add(
                "the SMS mailout, end to end",
                List.of(
                        "the provider was called with exactly " + RECIPIENTS
                                + " msgIds, one per recipient, and delivered each: repeats only with the same msgId",
                        "the query service counts " + RECIPIENTS + " SENT of " + RECIPIENTS
                                + " messages, equal to the provider's delivered msgIds, and the mailout COMPLETED",
                        "Kafka carries a MessageSent of each of the " + RECIPIENTS + " messages",
                        "no attempt timed out on our side, so no call was repeated because we gave up waiting"),
                ordered(
                        "recipients",
                        RECIPIENTS,
                        "messages lost",
                        RECIPIENTS - deliveredMsgIds,
                        "duplicate deliveries (a recipient delivered under two msgIds)",
                        provider.path("uniqueMsgIds").asLong() - RECIPIENTS,
                        "msgIds called more than once",
                        provider.path("repeatedMsgIds").asLong(),
                        "msgIds answered successfully more than once",
                        provider.path("duplicateDeliveries").asLong(),
                        "repeated calls (calls of a msgId after its first)",
                        provider.path("totalCalls").asLong()
                                - provider.path("uniqueMsgIds").asLong(),
                        "repeated calls " + RepeatedCalls.Cause.FAILURE_ANSWERED.description,
                        repeats.calls(RepeatedCalls.Cause.FAILURE_ANSWERED),
                        "repeated calls " + RepeatedCalls.Cause.TIMEOUT.description,
                        repeats.calls(RepeatedCalls.Cause.TIMEOUT),
                        "repeated calls " + RepeatedCalls.Cause.CRASH.description,
                        repeats.calls(RepeatedCalls.Cause.CRASH),
                        "repeated calls " + RepeatedCalls.Cause.OTHER.description,
                        repeats.calls(RepeatedCalls.Cause.OTHER),
                        "repeated successful answers (a msgId delivered again) by cause: answered failure / timeout"
                                + " / crash / other",
                        repeats.deliveries(RepeatedCalls.Cause.FAILURE_ANSWERED) + " / "
                                + repeats.deliveries(RepeatedCalls.Cause.TIMEOUT) + " / "
                                + repeats.deliveries(RepeatedCalls.Cause.CRASH) + " / "
                                + repeats.deliveries(RepeatedCalls.Cause.OTHER),
                        "attempts recorded as TIMEOUT",
                        timedOut,
                        "provider calls",
                        provider.path("totalCalls").asLong(),
                        "Kafka records read (repeats included)",
                        topic.records(),
                        "seconds from start to completion",
                        seconds(total)));
        assertThat(timedOut)
                .as("attempts our side gave up waiting for (TIMEOUT)")
                .isZero();
        assertThat(repeats.calls(RepeatedCalls.Cause.TIMEOUT))
                .as("calls repeated after our side gave up waiting for the call before")
                .isZero();
    }

    /**
     * The e-mail mailout's end: every recipient received exactly one {@code Message-ID}, its own message's, so that a
     * repeat is only ever the same e-mail handed over again (each put down to a cause, as the provider's repeated
     * calls are); none was lost; the query service's counts agree with what the SMTP server took, and Kafka carries
     * every {@code MessageSent}. Every check is made and reported before any fails, so that a failure names all that
     * is wrong.
     */
    private void everyEmailRecipientExactlyOnce(DeliveryTopic topic, Instant started) throws SQLException {
        JsonNode stats = await("the query service counts every e-mail message final")
                .atMost(PATIENCE)
                .ignoreExceptions()
                .until(
                        () -> platform.get(platform.queryPort, "/api/v1/stats/mailouts/" + emailMailout),
                        detail -> "COMPLETED".equals(detail.path("status").asText())
                                && finalMessages(detail)
                                        == detail.at("/messages/total").asLong());
        Set<String> onKafka = await("every MessageSent of the e-mail mailout on Kafka")
                .atMost(RECOVERY)
                .until(() -> topic.sent(emailMailout), sent -> sent.size() >= EMAIL_RECIPIENTS);
        Map<String, String> addressOf = new HashMap<>();
        for (JsonNode queued : events(MessageQueued.class, emailMailout)) {
            addressOf.put(
                    queued.path("messageId").asText(), queued.path("email").asText());
        }
        Set<String> audience = Set.copyOf(addressOf.values());
        Map<String, Set<String>> messageIdsOf = new HashMap<>();
        Map<String, List<RepeatedCalls.Call>> handOvers = new HashMap<>();
        long taken = 0;
        long misaddressed = 0;
        long others = 0;
        for (MailServer.Receipt receipt : mail.receipts()) {
            String message = messageOf(receipt.messageId());
            if (!audience.contains(receipt.recipient()) && !addressOf.containsKey(message)) {
                others++; // not of this mailout: the report service's daily report, say
                continue;
            }
            taken++;
            if (!receipt.recipient().equals(addressOf.get(message))) {
                misaddressed++;
            }
            messageIdsOf
                    .computeIfAbsent(receipt.recipient(), recipient -> new HashSet<>())
                    .add(String.valueOf(receipt.messageId()));
            handOvers
                    .computeIfAbsent(message == null ? receipt.messageId() : message, key -> new ArrayList<>())
                    .add(new RepeatedCalls.Call(receipt.receivedAt(), true));
        }
        long lost = audience.stream()
                .filter(recipient -> !messageIdsOf.containsKey(recipient))
                .count();
        long twice =
                messageIdsOf.values().stream().filter(ids -> ids.size() > 1).count();
        long distinct = messageIdsOf.values().stream().mapToLong(Set::size).sum();
        long messageIdsRepeated =
                handOvers.values().stream().filter(calls -> calls.size() > 1).count();
        Map<String, List<RepeatedCalls.Attempt>> attempts = recordedAttempts(
                emailMailout, queued -> queued.path("messageId").asText());
        long timedOut = timedOut(attempts);
        RepeatedCalls.Tally repeats = new RepeatedCalls(sendingKills, LEASE).tally(handOvers, attempts);
        long sent = stats.at("/messages/byStatus/SENT").asLong();
        Map<String, Long> notSent = byStatus(stats);
        notSent.remove("SENT");
        report.add(
                "the e-mail mailout, end to end",
                List.of(
                        "the SMTP server took exactly one Message-ID for each of the " + EMAIL_RECIPIENTS
                                + " e-mail recipients, its own message's: repeats only with the same Message-ID",
                        "the query service counts " + EMAIL_RECIPIENTS + " SENT of " + EMAIL_RECIPIENTS
                                + " messages, equal to the recipients the SMTP server took an e-mail for, and the"
                                + " mailout COMPLETED",
                        "Kafka carries a MessageSent of each of the " + EMAIL_RECIPIENTS + " e-mails",
                        "no e-mail attempt timed out on our side, so no e-mail was handed over again because we gave"
                                + " up waiting"),
                ordered(
                        "e-mail recipients",
                        EMAIL_RECIPIENTS,
                        "e-mails lost (a recipient who received none)",
                        lost,
                        "duplicate deliveries (a recipient who received two Message-IDs)",
                        twice,
                        "e-mails with another recipient's Message-ID, or none",
                        misaddressed,
                        "Message-IDs handed over more than once",
                        messageIdsRepeated,
                        "repeated hand-overs (the same Message-ID to the same recipient again)",
                        taken - distinct,
                        "repeated hand-overs " + RepeatedCalls.Cause.FAILURE_ANSWERED.description,
                        repeats.calls(RepeatedCalls.Cause.FAILURE_ANSWERED),
                        "repeated hand-overs " + RepeatedCalls.Cause.TIMEOUT.description,
                        repeats.calls(RepeatedCalls.Cause.TIMEOUT),
                        "repeated hand-overs " + RepeatedCalls.Cause.CRASH.description,
                        repeats.calls(RepeatedCalls.Cause.CRASH),
                        "repeated hand-overs " + RepeatedCalls.Cause.OTHER.description,
                        repeats.calls(RepeatedCalls.Cause.OTHER),
                        "e-mail attempts recorded as TIMEOUT",
                        timedOut,
                        "e-mails the SMTP server took (repeats included)",
                        taken,
                        "other e-mails it took (not of the mailout: the daily report)",
                        others,
                        "query service: SENT / messages",
                        sent + " / " + stats.at("/messages/total").asLong(),
                        "seconds from start to completion",
                        seconds(Duration.between(
                                started, Instant.parse(stats.path("completedAt").asText())))));
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(addressOf)
                .as("e-mail messages queued: one per customer with an e-mail address")
                .hasSize(EMAIL_RECIPIENTS);
        soft.assertThat(lost).as("e-mail recipients who received no e-mail").isZero();
        soft.assertThat(twice)
                .as("e-mail recipients who received two different Message-IDs")
                .isZero();
        soft.assertThat(misaddressed)
                .as("e-mails with another recipient's Message-ID, or none")
                .isZero();
        soft.assertThat(sent).as("e-mail messages SENT by the query service").isEqualTo(EMAIL_RECIPIENTS);
        soft.assertThat(sent)
                .as("e-mail messages SENT by the query service against recipients the SMTP server took one for")
                .isEqualTo(messageIdsOf.size());
        soft.assertThat(stats.at("/messages/total").asLong())
                .as("messages of the e-mail mailout")
                .isEqualTo(EMAIL_RECIPIENTS);
        soft.assertThat(notSent.values())
                .as("e-mail messages in another status: %s", notSent)
                .allMatch(count -> count == 0);
        soft.assertThat(onKafka).as("e-mails with a MessageSent on Kafka").hasSize(EMAIL_RECIPIENTS);
        soft.assertThat(timedOut)
                .as("e-mail attempts our side gave up waiting for (TIMEOUT)")
                .isZero();
        soft.assertThat(repeats.calls(RepeatedCalls.Cause.TIMEOUT))
                .as("e-mails handed over again after our side gave up waiting for the hand-over before")
                .isZero();
        soft.assertAll();
    }

    /** The recorded attempts that our side gave up waiting for: their outcome is unknown. */
    private static long timedOut(Map<?, List<RepeatedCalls.Attempt>> attempts) {
        return attempts.values().stream()
                .flatMap(List::stream)
                .filter(attempt -> attempt.outcome().equals("TIMEOUT"))
                .count();
    }

    /** The message id in a {@code Message-ID} of ours, {@code <messageId@domain>}; {@code null} for any other. */
    private static String messageOf(String messageIdHeader) {
        if (messageIdHeader == null || !messageIdHeader.startsWith("<") || messageIdHeader.indexOf('@') < 0) {
            return null;
        }
        String id = messageIdHeader.substring(1, messageIdHeader.indexOf('@'));
        try {
            return UUID.fromString(id).toString();
        } catch (IllegalArgumentException notOurs) {
            return null;
        }
    }

    private static long finalMessages(JsonNode stats) {
        return Stream.of("SENT", "FAILED", "EXPIRED", "CANCELLED")
                .mapToLong(status -> stats.at("/messages/byStatus/" + status).asLong())
                .sum();
    }

    /** Every call of every msgId of the mailout, as the provider recorded them. */
    private Map<Long, List<RepeatedCalls.Call>> providerCalls() throws SQLException {
        Map<Long, List<RepeatedCalls.Call>> calls = new HashMap<>();
        for (long msgId : providerMessageIds()) {
            List<RepeatedCalls.Call> ofMsgId = new ArrayList<>();
            platform.get(platform.simulatorPort, "/simulator/calls?msgId=" + msgId)
                    .path("calls")
                    .forEach(call -> ofMsgId.add(new RepeatedCalls.Call(
                            Instant.parse(call.path("receivedAt").asText()),
                            "DELIVERED".equals(call.path("outcome").asText()))));
            calls.put(msgId, ofMsgId);
        }
        return calls;
    }

    private List<Long> providerMessageIds() throws SQLException {
        List<Long> msgIds = new ArrayList<>();
        for (JsonNode queued : events(MessageQueued.class, mailout)) {
            msgIds.add(queued.path("providerMessageId").asLong());
        }
        return msgIds;
    }

    /**
     * Every attempt of every message of a mailout, as the platform recorded them, by the key its receiving side knows
     * the message by (from its {@code MessageQueued}).
     */
    private <K> Map<K, List<RepeatedCalls.Attempt>> recordedAttempts(UUID of, Function<JsonNode, K> keyOf)
            throws SQLException {
        Map<String, K> keys = new HashMap<>();
        for (JsonNode queued : events(MessageQueued.class, of)) {
            keys.put(queued.path("messageId").asText(), keyOf.apply(queued));
        }
        Map<K, List<RepeatedCalls.Attempt>> attempts = new HashMap<>();
        for (JsonNode failed : events(MessageAttemptFailed.class, of)) {
            attempts.computeIfAbsent(keys.get(failed.path("messageId").asText()), key -> new ArrayList<>())
                    .add(new RepeatedCalls.Attempt(
                            Instant.parse(failed.path("startedAt").asText()),
                            Instant.parse(failed.path("failedAt").asText()),
                            failed.path("errorKind").asText()));
        }
        for (JsonNode sent : events(MessageSent.class, of)) {
            attempts.computeIfAbsent(keys.get(sent.path("messageId").asText()), key -> new ArrayList<>())
                    .add(new RepeatedCalls.Attempt(
                            Instant.parse(sent.path("startedAt").asText()),
                            Instant.parse(sent.path("sentAt").asText()),
                            "SENT"));
        }
        return attempts;
    }

    /** The payloads of a mailout's events of this type, from the event store. */
    private List<JsonNode> events(Class<?> type, UUID of) throws SQLException {
        List<JsonNode> events = new ArrayList<>();
        try (Connection connection =
                        DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                PreparedStatement query = connection.prepareStatement(
                        "SELECT payload FROM axon.domain_event_entry WHERE payloadtype = ?")) {
            query.setString(1, type.getName());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    JsonNode event = json.readTree(rows.getBytes(1));
                    if (of.toString().equals(event.path("mailoutId").asText())) {
                        events.add(event);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    /** Waits until at least {@code deliveries} have been made and checks that the mailout is still under way. */
    private long underWayAfter(long deliveries, String fault) {
        long atLeast = Math.min(deliveries, RECIPIENTS - 1);
        long now = await("%d deliveries before: %s".formatted(atLeast, fault))
                .atMost(RECOVERY)
                .until(this::delivered, delivered -> delivered >= atLeast);
        assertThat(now)
                .as("deliveries when it is time to %s: the mailout must still be under way", fault)
                .isLessThan(RECIPIENTS);
        return now;
    }

    private Latencies commandLoad(String name, Duration window) throws InterruptedException {
        Api api = platform.commandApi();
        return Load.atRate(
                name,
                api,
                n -> new Load.Call(
                        "POST",
                        "/api/v1/customers",
                        customer("+7999%07d".formatted(newCustomers.getAndIncrement()), "load")),
                COMMAND_RATE,
                WARM_UP,
                window);
    }

    private void importCustomers() {
        for (int from = 0; from < RECIPIENTS; from += IMPORT_CHUNK) {
            int to = Math.min(RECIPIENTS, from + IMPORT_CHUNK);
            String rows = IntStream.range(from, to)
                    .mapToObj(i -> customer(
                            "+7915%07d".formatted(i),
                            i % 2 == 0 ? "c%07d@%s".formatted(i, EMAIL_DOMAIN) : null,
                            "faults"))
                    .collect(Collectors.joining(",", "[", "]"));
            assertThat(platform.post(platform.commandPort, "/api/v1/customers/import", rows, 200)
                            .path("accepted")
                            .asInt())
                    .isEqualTo(to - from);
        }
    }

    /** A mailout to every imported customer (who has an address for its channel), with these JSON fields. */
    private UUID startMailout(Instant now, String fields) {
        return UUID.fromString(platform.post(
                        platform.commandPort,
                        "/api/v1/mailouts",
                        String.format(
                                "{%s,\"startAt\":\"%s\",\"endAt\":\"%s\",\"filter\":{\"tags\":[\"faults\"]}}",
                                fields, now, now.plus(Duration.ofHours(2))),
                        201)
                .path("id")
                .asText());
    }

    private static String customer(String phone, String tag) {
        return customer(phone, null, tag);
    }

    /** A customer with a phone, and an e-mail address unless it is {@code null}. */
    private static String customer(String phone, String email, String tag) {
        return "{\"phone\":\"" + phone + "\"," + (email == null ? "" : "\"email\":\"" + email + "\",")
                + "\"operatorCode\":\"" + phone.substring(2, 5) + "\",\"tags\":[\"" + tag
                + "\"],\"timeZone\":\"UTC\"}";
    }

    private long delivered() {
        return providerStats().path("deliveredMsgIds").asLong();
    }

    /** E-mails delivered so far: the distinct {@code Message-ID}s the SMTP server has taken. */
    private long emailsDelivered() {
        return mail.distinctMessageIds();
    }

    /** The e-mails delivered so far, checking that the e-mail mailout is still under way at this fault. */
    private long emailsUnderWay(String fault) {
        long now = emailsDelivered();
        assertThat(now)
                .as("e-mails delivered when it is time to %s: the e-mail mailout must still be under way", fault)
                .isLessThan(EMAIL_RECIPIENTS);
        return now;
    }

    private JsonNode providerStats() {
        return platform.get(platform.simulatorPort, "/simulator/stats");
    }

    private long sentByQueryService(UUID id) {
        return platform.get(platform.queryPort, "/api/v1/stats/mailouts/" + id)
                .at("/messages/byStatus/SENT")
                .asLong();
    }

    private static Map<String, Long> byStatus(JsonNode stats) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields =
                        stats.at("/messages/byStatus").fields();
                fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            counts.put(field.getKey(), field.getValue().asLong());
        }
        return counts;
    }

    /** The messages a sending process holds a running lease on. */
    private long leasesOf(String node) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                PreparedStatement count = connection.prepareStatement(
                        "SELECT coalesce(sum(cardinality(message_ids)), 0) FROM sending.delivery_lease"
                                + " WHERE node = ? AND until > now()")) {
            count.setString(1, node);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static double millis(double millis) {
        return Benchmark.round(millis, 1);
    }

    private static double seconds(Duration duration) {
        return Benchmark.round(duration.toMillis() / 1000.0, 1);
    }
}

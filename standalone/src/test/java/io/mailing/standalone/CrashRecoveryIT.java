package io.mailing.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.mailing.events.mailout.MailoutCompleted;
import io.mailing.sending.message.MessageId;
import io.mailing.simulator.Behaviour;
import io.mailing.simulator.Call;
import io.mailing.simulator.ProviderSimulator;
import io.mailing.simulator.SimulatorSettings;
import io.mailing.simulator.SimulatorStats;
import io.mailing.testsupport.StoredEvents;
import io.mailing.testsupport.TestDatabase;
import io.mailing.testsupport.TestDatabases;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@code kill -9} in the middle of a 10,000-recipient mailout, then a restart: every recipient is delivered to, and
 * a call that is repeated (its outcome was lost with the killed JVM) carries the same msgId, phone and text.
 */
class CrashRecoveryIT {

    private static final Log LOG = LogFactory.getLog(CrashRecoveryIT.class);
    private static final int RECIPIENTS = 10_000;
    private static final int MAX_IN_FLIGHT = 50;
    private static final String TEXT = "Survives a kill -9";

    @Test
    void everyRecipientIsDeliveredToAfterAKillMidMailout() throws Exception {
        TestDatabase database = TestDatabases.create("crash");
        Path log = Files.createDirectories(Path.of("target")).resolve("crash-recovery-platform.log");
        int port = PlatformProcess.freePort();
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorSettings.defaults()
                .withBehaviour(Behaviour.healthy().withLatency(Duration.ofMillis(20), Duration.ofMillis(20))))) {
            List<String> arguments = List.of(
                    "--spring.datasource.url=" + database.jdbcUrl(),
                    "--spring.datasource.username=" + database.username(),
                    "--spring.datasource.password=" + database.password(),
                    "--mailing.delivery.provider.base-url=" + simulator.baseUrl(),
                    "--mailing.delivery.provider.token=" + simulator.settings().token(),
                    "--mailing.delivery.max-in-flight=" + MAX_IN_FLIGHT);

            PlatformProcess first = PlatformProcess.start(port, log, arguments);
            Map<UUID, Long> phones;
            UUID mailout;
            try {
                phones = importCustomers(first);
                mailout = createMailout(first);
                await().atMost(Duration.ofMinutes(3))
                        .until(() -> simulator.stats().delivered() >= RECIPIENTS / 4);
            } finally {
                first.kill();
            }
            long callsAtKill = simulator.stats().totalCalls();
            assertThat(callsAtKill).as("killed in the middle").isLessThan(RECIPIENTS);

            StoredEvents events = new StoredEvents(new JdbcTemplate(
                    new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password())));
            try (PlatformProcess second = PlatformProcess.start(port, log, arguments)) {
                UUID id = mailout;
                MailoutCompleted completed = await().atMost(Duration.ofMinutes(5))
                        .until(
                                () -> events.all(
                                        MailoutCompleted.class,
                                        e -> e.mailoutId().equals(id)),
                                e -> !e.isEmpty())
                        .get(0);
                assertThat(completed.queued()).isEqualTo(RECIPIENTS);
                assertThat(completed.sent()).isEqualTo(RECIPIENTS);
            }

            SimulatorStats stats = simulator.stats();
            LOG.info("Crash recovery: " + callsAtKill + " calls before the kill, " + stats.totalCalls() + " in all, "
                    + stats.repeatedMsgIds() + " msgIds called again after the restart");
            assertThat(stats.deliveredMsgIds()).isEqualTo(RECIPIENTS);
            assertThat(stats.uniqueMsgIds()).isEqualTo(RECIPIENTS);
            assertThat(stats.repeatedMsgIds())
                    .as("only attempts under way at the kill are repeated")
                    .isLessThanOrEqualTo(MAX_IN_FLIGHT * 3L);
            Map<Long, Long> expected = new HashMap<>();
            phones.forEach((customer, phone) ->
                    expected.put(MessageId.of(mailout, customer).providerMessageId(), phone));
            List<Call> calls = simulator.calls();
            assertThat(calls).allSatisfy(call -> {
                assertThat(expected).containsEntry(call.msgId(), call.phone());
                assertThat(call.text()).isEqualTo(TEXT);
            });
        }
    }

    /** Imports the recipients and answers their phone numbers by customer id. */
    private static Map<UUID, Long> importCustomers(PlatformProcess platform) throws Exception {
        List<Long> phones = IntStream.range(0, RECIPIENTS)
                .mapToObj(i -> 79_000_000_000L + i)
                .toList();
        String rows = phones.stream()
                .map(phone -> "{\"phone\":\"" + phone + "\",\"tags\":[\"crash\"],\"timeZone\":\"Europe/Moscow\"}")
                .collect(Collectors.joining(",", "[", "]"));
        String result = post(platform, "/api/v1/customers/import", rows);
        List<Integer> indexes = JsonPath.read(result, "$.registered[*].index");
        List<String> ids = JsonPath.read(result, "$.registered[*].id");
        assertThat(ids).hasSize(RECIPIENTS);
        Map<UUID, Long> byCustomer = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            byCustomer.put(UUID.fromString(ids.get(i)), phones.get(indexes.get(i)));
        }
        return byCustomer;
    }

    private static UUID createMailout(PlatformProcess platform) throws Exception {
        String body = String.format(
                "{\"text\":\"%s\",\"startAt\":\"%s\",\"endAt\":\"%s\",\"filter\":{\"tags\":[\"crash\"]}}",
                TEXT, Instant.now(), Instant.now().plus(Duration.ofHours(1)));
        return UUID.fromString(JsonPath.read(post(platform, "/api/v1/mailouts", body), "$.id"));
    }

    /** Posts as the standalone run's demo admin, with a token from its token endpoint. */
    private static String post(PlatformProcess platform, String path, String json) throws Exception {
        String login = send(platform, "/api/v1/auth/token", "{\"username\":\"admin\",\"password\":\"admin\"}", null);
        return send(platform, path, json, JsonPath.read(login, "$.accessToken"));
    }

    private static String send(PlatformProcess platform, String path, String json, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(platform.uri(path))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response =
                HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return response.body();
    }
}

package io.mailing.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailing.testsupport.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The three services started by {@code scripts/split} as separate processes, the sending service twice, run a mailout
 * end to end: the command service takes the customers and the mailout, the sending services share the deliveries,
 * the query service counts them, Kafka receives them, and the provider received every message exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SplitTopologyIT {

    private static final int RECIPIENTS = 500;
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private SplitPlatform platform;

    @BeforeAll
    void start() {
        platform = new SplitPlatform(TestDatabases.create("split"), SplitPlatform.ROOT.resolve("deploy/target/split"))
                .start();
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void theSeparateServicesRunAMailoutEndToEnd() throws Exception {
        String rows = IntStream.range(0, RECIPIENTS)
                .mapToObj(i -> String.format(
                        "{\"phone\":\"+7915%07d\",\"operatorCode\":\"915\",\"tags\":[\"split\"],\"timeZone\":\"UTC\"}",
                        i))
                .collect(Collectors.joining(",", "[", "]"));
        assertThat(platform.post(platform.commandPort, "/api/v1/customers/import", rows, 200)
                        .path("accepted")
                        .asInt())
                .isEqualTo(RECIPIENTS);
        Instant now = Instant.now();
        UUID mailout = UUID.fromString(platform.post(
                        platform.commandPort,
                        "/api/v1/mailouts",
                        String.format(
                                "{\"text\":\"Split\",\"startAt\":\"%s\",\"endAt\":\"%s\",\"filter\":{\"tags\":[\"split\"]}}",
                                now, now.plus(Duration.ofHours(1))),
                        201)
                .path("id")
                .asText());

        JsonNode stats = await("the query service counts every message sent")
                .atMost(PATIENCE)
                .ignoreExceptions()
                .until(
                        () -> platform.get(platform.queryPort, "/api/v1/stats/mailouts/" + mailout),
                        detail -> "COMPLETED".equals(detail.path("status").asText())
                                && detail.at("/messages/byStatus/SENT").asInt() == RECIPIENTS);
        assertThat(stats.at("/messages/total").asInt()).isEqualTo(RECIPIENTS);

        JsonNode provider = platform.get(platform.simulatorPort, "/simulator/stats");
        assertThat(provider.path("uniqueMsgIds").asInt()).as("msgIds called").isEqualTo(RECIPIENTS);
        assertThat(provider.path("deliveredMsgIds").asInt())
                .as("msgIds delivered")
                .isEqualTo(RECIPIENTS);
        assertThat(provider.path("totalCalls").asInt()).as("calls").isEqualTo(RECIPIENTS);
        assertThat(provider.path("duplicateDeliveries").asInt())
                .as("duplicate deliveries")
                .isZero();

        List<Long> perNode =
                platform.sendingPorts.stream().map(platform::deliveredBy).toList();
        assertThat(perNode.stream().mapToLong(Long::longValue).sum())
                .as("deliveries made by the two sending services %s", perNode)
                .isEqualTo(RECIPIENTS);

        assertThat(sentOnKafka(mailout)).as("MessageSent events on Kafka").hasSize(RECIPIENTS);

        String message = platform.get(platform.queryPort, "/api/v1/mailouts/" + mailout + "/messages?size=1")
                .at("/items/0/id")
                .asText();
        List<String> story = platform.logLines("messageId", message).stream()
                .map(line -> line.path("message").asText())
                .toList();
        assertThat(story)
                .as("the log lines of message %s across the processes", message)
                .anyMatch(line -> line.startsWith("MessageQueued"))
                .anyMatch(line -> line.startsWith("Provider request: attempt 1"))
                .anyMatch(line -> line.startsWith("Provider response: attempt 1 delivered"))
                .anyMatch(line -> line.startsWith("MessageSent"));
    }

    /** The message ids of the mailout's {@code MessageSent} events on the delivery topic, once all have arrived. */
    private Set<String> sentOnKafka(UUID mailout) {
        try (DeliveryTopic topic = new DeliveryTopic(platform.kafkaPort, "split-topology-it", mailout)) {
            return await("every MessageSent on Kafka")
                    .atMost(PATIENCE)
                    .until(topic::sent, sent -> sent.size() >= RECIPIENTS);
        }
    }
}

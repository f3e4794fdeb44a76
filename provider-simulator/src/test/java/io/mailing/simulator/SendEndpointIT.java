package io.mailing.simulator;

import static io.mailing.simulator.SimulatorClient.TOKEN;
import static io.mailing.simulator.SimulatorClient.body;
import static io.mailing.simulator.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(RunningSimulator.class)
class SendEndpointIT {

    private static final long MSG_ID = 7;
    private static final long PHONE = 79_161_234_567L;

    private final ProviderSimulator simulator;
    private final SimulatorClient client;

    SendEndpointIT(ProviderSimulator simulator, SimulatorClient client) {
        this.simulator = simulator;
        this.client = client;
    }

    @Test
    void answersTheContractsSuccessAndRecordsTheCall() {
        Instant before = Instant.now();

        HttpResponse<String> response = client.send("7", body(MSG_ID, PHONE, "Hello, world"), TOKEN);

        Instant after = Instant.now();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(response)).isEqualTo(json("{\"code\":0,\"message\":\"OK\"}"));
        assertThat(simulator.calls()).singleElement().satisfies(call -> {
            assertThat(call.msgId()).isEqualTo(MSG_ID);
            assertThat(call.phone()).isEqualTo(PHONE);
            assertThat(call.text()).isEqualTo("Hello, world");
            assertThat(call.receivedAt()).isBetween(before, after);
            assertThat(call.outcome()).isEqualTo(Outcome.DELIVERED);
        });
        SimulatorStats stats = simulator.stats();
        assertThat(stats.totalCalls()).isEqualTo(1);
        assertThat(stats.delivered()).isEqualTo(1);
        assertThat(stats.failed()).isZero();
        assertThat(stats.firstCallAt()).isEqualTo(stats.lastCallAt()).isBetween(before, after);
    }

    @Test
    void refusesAMissingOrWrongTokenWithoutRecordingTheCall() {
        String body = body(MSG_ID, PHONE, "Hello");

        HttpResponse<String> missing = client.send("7", body, null);
        HttpResponse<String> wrong = client.send("7", body, "not-the-token");
        HttpResponse<String> basic = client.sendWithAuthorization("7", body, "Basic " + TOKEN);

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(json(missing)).isEqualTo(json("{\"code\":401,\"message\":\"missing bearer token\"}"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong)).isEqualTo(json("{\"code\":401,\"message\":\"invalid bearer token\"}"));
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(json(basic).get("message").asText()).isEqualTo("Authorization must be a bearer token");
        assertThat(simulator.calls()).isEmpty();
        assertThat(simulator.stats().unauthorized()).isEqualTo(3);
        assertThat(simulator.stats().totalCalls()).isZero();
    }

    @Test
    void acceptsTheTokenItIsToldToExpect() {
        simulator.expectToken("rotated");

        assertThat(client.send("7", body(MSG_ID, PHONE, "Hello"), TOKEN).statusCode())
                .isEqualTo(401);
        assertThat(client.send("7", body(MSG_ID, PHONE, "Hello"), "rotated").statusCode())
                .isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "abc                  | {\"id\":7,\"phone\":79161234567,\"text\":\"Hi\"} | msgId in the path must be an int64, was 'abc'",
                "9223372036854775808  | {\"id\":7,\"phone\":79161234567,\"text\":\"Hi\"} | msgId in the path must be an int64, was '9223372036854775808'",
                "7                    | not json                                         | body is not valid JSON",
                "7                    | {\"id\":7,\"phone\":79161234567,\"text\":\"Hi\"}} | body is not valid JSON",
                "7                    | [7, 79161234567, \"Hi\"]                         | body must be a JSON object",
                "7                    | ``                                               | body is empty",
                "7                    | {\"id\":8,\"phone\":79161234567,\"text\":\"Hi\"} | id 8 does not match msgId 7 in the path",
                "7                    | {\"phone\":79161234567,\"text\":\"Hi\"}          | id is required",
                "7                    | {\"id\":\"7\",\"phone\":79161234567,\"text\":\"Hi\"} | id must be an int64, was \"7\"",
                "7                    | {\"id\":7,\"text\":\"Hi\"}                       | phone is required",
                "7                    | {\"id\":7,\"phone\":null,\"text\":\"Hi\"}        | phone is required",
                "7                    | {\"id\":7,\"phone\":\"79161234567\",\"text\":\"Hi\"} | phone must be an int64, was \"79161234567\"",
                "7                    | {\"id\":7,\"phone\":7.5,\"text\":\"Hi\"}         | phone must be an int64, was 7.5",
                "7                    | {\"id\":7,\"phone\":99999999999999999999,\"text\":\"Hi\"} | phone must be an int64, was 99999999999999999999",
                "7                    | {\"id\":7,\"phone\":79161234567}                 | text is required",
                "7                    | {\"id\":7,\"phone\":79161234567,\"text\":\"  \"} | text must not be blank",
                "7                    | {\"id\":7,\"phone\":79161234567,\"text\":5}      | text must be a string, was 5",
            })
    void refusesABadRequestNamingTheProblem(String msgId, String body, String problem) {
        HttpResponse<String> response = client.send(msgId, body, TOKEN);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode json = json(response);
        assertThat(json.get("code").asInt()).isEqualTo(400);
        assertThat(json.get("message").asText()).startsWith(problem);
        assertThat(simulator.stats().badRequests()).isEqualTo(1);
        assertThat(simulator.stats().totalCalls()).isZero();
        assertThat(simulator.calls()).isEmpty();
    }

    @Test
    void checksTheTokenBeforeTheBody() {
        HttpResponse<String> response = client.send("abc", "not json", "not-the-token");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(simulator.stats().unauthorized()).isEqualTo(1);
        assertThat(simulator.stats().badRequests()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE"})
    void answersOtherMethodsWith405(String method) {
        HttpResponse<String> response = client.method(method, "/v1/send/7");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        assertThat(json(response).get("code").asInt()).isEqualTo(405);
        assertThat(simulator.stats().badRequests()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/v1/send", "/v1/send/7/again", "/v2/send/7", "/simulator"})
    void answersUnknownPathsWith404(String path) {
        HttpResponse<String> response = client.method("POST", path);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("message").asText()).isEqualTo("no such path: " + path);
    }

    @Test
    void answersAfterTheConfiguredLatency() {
        Duration latency = Duration.ofMillis(300);
        simulator.behave(Behaviour.healthy().withLatency(latency, Duration.ZERO));

        long started = System.nanoTime();
        HttpResponse<String> response = client.send(MSG_ID);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(elapsed).isGreaterThanOrEqualTo(latency);
    }

    @Test
    void changesBehaviourForTheNextCalls() {
        Behaviour failing =
                Behaviour.healthy().withFailureKinds(FailureKind.SERVER_ERROR).withFailureRate(1);

        int first = client.send(1).statusCode();
        simulator.behave(failing);
        int second = client.send(2).statusCode();
        simulator.behave(Behaviour.healthy());
        int third = client.send(3).statusCode();

        assertThat(simulator.behaviour()).isEqualTo(Behaviour.healthy());
        assertThat(new int[] {first, second, third}).containsExactly(200, 500, 200);
        assertThat(simulator.calls())
                .extracting(Call::outcome)
                .containsExactly(Outcome.DELIVERED, Outcome.SERVER_ERROR, Outcome.DELIVERED);
    }

    @Test
    void countsRepeatedMsgIdsAndDuplicateDeliveries() {
        Behaviour failing =
                Behaviour.healthy().withFailureKinds(FailureKind.RATE_LIMITED).withFailureRate(1);
        client.send(1);
        client.send(1);
        simulator.behave(failing);
        client.send(2);
        client.send(3);
        simulator.behave(Behaviour.healthy());
        client.send(2);
        client.send(4);

        SimulatorStats stats = simulator.stats();

        assertThat(stats.totalCalls()).isEqualTo(6);
        assertThat(stats.delivered()).isEqualTo(4);
        assertThat(stats.failed(FailureKind.RATE_LIMITED)).isEqualTo(2);
        assertThat(stats.uniqueMsgIds()).isEqualTo(4);
        assertThat(stats.repeatedMsgIds()).isEqualTo(2);
        assertThat(stats.deliveredMsgIds()).isEqualTo(3);
        assertThat(stats.duplicateDeliveries()).isEqualTo(1);
        assertThat(simulator.callCount(2)).isEqualTo(2);
        assertThat(simulator.deliveryCount(2)).isEqualTo(1);
        assertThat(simulator.calls(2))
                .extracting(Call::outcome)
                .containsExactly(Outcome.RATE_LIMITED, Outcome.DELIVERED);
    }

    @Test
    void resetForgetsCallsAndCountersButKeepsBehaviourAndToken() {
        Behaviour slow = Behaviour.healthy().withLatency(Duration.ofMillis(1), Duration.ZERO);
        simulator.behave(slow);
        client.send(1);
        client.send(1);
        client.send("1", "{}", "wrong");

        simulator.reset();

        assertThat(simulator.calls()).isEmpty();
        assertThat(simulator.stats()).isEqualTo(new SimulatorStats(0, 0, Map.of(), 0, 0, 0, 0, 0, 0, null, null));
        assertThat(simulator.behaviour()).isEqualTo(slow);
        assertThat(client.send(1).statusCode()).isEqualTo(200);
        assertThat(simulator.stats().uniqueMsgIds()).isEqualTo(1);
        assertThat(simulator.stats().repeatedMsgIds()).isZero();
    }

    @Test
    void withoutRecordingKeepsOnlyTheCounters() {
        try (ProviderSimulator counting =
                ProviderSimulator.start(SimulatorSettings.defaults().withRecordCalls(false))) {
            SimulatorClient countingClient = new SimulatorClient(counting.baseUrl());

            countingClient.send(1);
            countingClient.send(1);

            assertThat(counting.calls()).isEmpty();
            assertThat(counting.calls(1)).isEmpty();
            assertThat(counting.callCount(1)).isEqualTo(2);
            assertThat(counting.stats().duplicateDeliveries()).isEqualTo(1);
        }
    }
}

package io.mailing.simulator;

import static io.mailing.simulator.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(RunningSimulator.class)
class AdminEndpointsIT {

    private final ProviderSimulator simulator;
    private final SimulatorClient client;

    AdminEndpointsIT(ProviderSimulator simulator, SimulatorClient client) {
        this.simulator = simulator;
        this.client = client;
    }

    @Test
    void statsShowEveryCounter() {
        client.send(1);
        client.send(1);
        simulator.behave(
                Behaviour.healthy().withFailureKinds(FailureKind.SERVER_ERROR).withFailureRate(1));
        client.send(2);
        client.send("3", "{}", "wrong");
        client.send("3", "{}", SimulatorClient.TOKEN);
        SimulatorStats stats = simulator.stats();

        HttpResponse<String> response = client.get("/simulator/stats");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response))
                .isEqualTo(json("{\"totalCalls\":3,\"delivered\":2,\"failed\":1,"
                        + "\"failedByKind\":{\"TIMEOUT\":0,\"SERVER_ERROR\":1,\"RATE_LIMITED\":0,\"MALFORMED_BODY\":0},"
                        + "\"unauthorized\":1,\"badRequests\":1,\"uniqueMsgIds\":2,\"repeatedMsgIds\":1,"
                        + "\"deliveredMsgIds\":1,\"duplicateDeliveries\":1,"
                        + "\"firstCallAt\":\"" + stats.firstCallAt() + "\",\"lastCallAt\":\"" + stats.lastCallAt()
                        + "\"}"));
    }

    @Test
    void statsBeforeAnyCallHaveNoCallTimes() {
        JsonNode stats = json(client.get("/simulator/stats"));

        assertThat(stats.get("totalCalls").asLong()).isZero();
        assertThat(stats.get("firstCallAt").isNull()).isTrue();
        assertThat(stats.get("lastCallAt").isNull()).isTrue();
    }

    @Test
    void callsOfOneMsgId() {
        client.send(1);
        client.send(2);
        client.send(1);
        Call first = simulator.calls(1).get(0);

        JsonNode calls = json(client.get("/simulator/calls?msgId=1"));

        assertThat(calls.get("msgId").asLong()).isEqualTo(1);
        assertThat(calls.get("callCount").asInt()).isEqualTo(2);
        assertThat(calls.get("deliveryCount").asInt()).isEqualTo(2);
        assertThat(calls.get("calls")).hasSize(2);
        assertThat(calls.get("calls").get(0))
                .isEqualTo(json("{\"msgId\":1,\"phone\":79161234567,\"text\":\"Hello\",\"receivedAt\":\""
                        + first.receivedAt() + "\",\"outcome\":\"DELIVERED\"}"));
        assertThat(Instant.parse(calls.get("calls").get(1).get("receivedAt").asText()))
                .isAfterOrEqualTo(first.receivedAt());
    }

    @Test
    void callsOfAMsgIdNeverCalled() {
        JsonNode calls = json(client.get("/simulator/calls?msgId=99"));

        assertThat(calls).isEqualTo(json("{\"msgId\":99,\"callCount\":0,\"deliveryCount\":0,\"calls\":[]}"));
    }

    @Test
    void callsWithoutAMsgIdAreTheLatestThousand() {
        for (int msgId = 1; msgId <= 1_005; msgId++) {
            client.send(msgId);
        }

        JsonNode calls = json(client.get("/simulator/calls"));

        assertThat(calls.get("recorded").asInt()).isEqualTo(1_005);
        assertThat(calls.get("calls")).hasSize(1_000);
        assertThat(calls.get("calls").get(0).get("msgId").asLong()).isEqualTo(6);
        assertThat(calls.get("calls").get(999).get("msgId").asLong()).isEqualTo(1_005);
    }

    @Test
    void callsWithAMalformedMsgIdAreABadRequest() {
        HttpResponse<String> response = client.get("/simulator/calls?msgId=abc");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).isEqualTo(json("{\"code\":400,\"message\":\"msgId must be an int64, was 'abc'\"}"));
    }

    @Test
    void putBehaviourReplacesTheBehaviour() {
        HttpResponse<String> response = client.put(
                "/simulator/behaviour",
                "{\"latency\":\"PT0.2S\",\"latencyJitter\":\"PT0.05S\",\"failureRate\":0.3,"
                        + "\"failureKinds\":[\"TIMEOUT\",\"rate_limited\"],\"timeoutHold\":\"PT5S\"}");

        Behaviour expected = new Behaviour(
                Duration.ofMillis(200),
                Duration.ofMillis(50),
                0.3,
                EnumSet.of(FailureKind.TIMEOUT, FailureKind.RATE_LIMITED),
                Duration.ofSeconds(5));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(simulator.behaviour()).isEqualTo(expected);
        assertThat(json(response))
                .isEqualTo(json("{\"latency\":\"PT0.2S\",\"latencyJitter\":\"PT0.05S\",\"failureRate\":0.3,"
                        + "\"failureKinds\":[\"TIMEOUT\",\"RATE_LIMITED\"],\"timeoutHold\":\"PT5S\"}"));
        assertThat(json(client.get("/simulator/behaviour"))).isEqualTo(json(response));
    }

    @Test
    void putBehaviourTakesHealthyValuesForFieldsLeftOut() {
        simulator.behave(Behaviour.healthy().withLatency(Duration.ofSeconds(1), Duration.ZERO));

        HttpResponse<String> response = client.put("/simulator/behaviour", "{\"failureRate\":0.5}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(simulator.behaviour()).isEqualTo(Behaviour.healthy().withFailureRate(0.5));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"latency\":\"abc\"}          | latency must be an ISO-8601 duration such as \"PT0.2S\", was \"abc\"",
                "{\"latency\":200}              | latency must be an ISO-8601 duration such as \"PT0.2S\", was 200",
                "{\"latencyJitter\":\"-PT1S\"}  | latencyJitter must not be negative, was PT-1S",
                "{\"timeoutHold\":\"P2D\"}      | timeoutHold must not exceed PT24H, was PT48H",
                "{\"failureRate\":1.5}          | failureRate must be from 0 to 1, was 1.5",
                "{\"failureRate\":\"0.3\"}      | failureRate must be a number from 0 to 1, was \"0.3\"",
                "{\"failureKinds\":\"TIMEOUT\"} | failureKinds must be an array of TIMEOUT, SERVER_ERROR, RATE_LIMITED, MALFORMED_BODY, was \"TIMEOUT\"",
                "{\"failureKinds\":[\"NOPE\"]}  | failureKinds has \"NOPE\", which is none of TIMEOUT, SERVER_ERROR, RATE_LIMITED, MALFORMED_BODY",
                "{\"failureRate\":0.5,\"failureKinds\":[]} | failureKinds must name at least one kind when failureRate > 0",
                "{\"latncy\":\"PT1S\"}          | unknown field 'latncy'; the fields are [latency, latencyJitter, failureRate, failureKinds, timeoutHold]",
                "not json                       | body is not valid JSON",
            })
    void putBehaviourRefusesAnInvalidFieldNamingIt(String body, String message) {
        Behaviour before = simulator.behaviour();

        HttpResponse<String> response = client.put("/simulator/behaviour", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("code").asInt()).isEqualTo(400);
        assertThat(json(response).get("message").asText()).startsWith(message);
        assertThat(simulator.behaviour()).isEqualTo(before);
    }

    @Test
    void resetForgetsEverything() {
        client.send(1);

        HttpResponse<String> response = client.post("/simulator/reset");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(simulator.stats().totalCalls()).isZero();
        assertThat(simulator.calls()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "DELETE, /simulator/stats,     GET",
        "POST,   /simulator/calls,     GET",
        "DELETE, /simulator/behaviour, 'GET, PUT'",
        "GET,    /simulator/reset,     POST",
    })
    void answersOtherMethodsWith405(String method, String path, String allow) {
        HttpResponse<String> response = client.method(method, path);

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue(allow);
        assertThat(json(response).get("code").asInt()).isEqualTo(405);
    }

    @Test
    void answersUnknownAdminPathsWith404() {
        HttpResponse<String> response = client.get("/simulator/nope");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response)).isEqualTo(json("{\"code\":404,\"message\":\"no such path: /simulator/nope\"}"));
    }
}

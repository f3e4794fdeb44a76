package io.mailing.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.events.message.MessageSent;
import io.mailing.platform.links.UnsubscribeLink;
import io.mailing.platform.security.Role;
import io.mailing.platform.security.TokenIssuer;
import io.mailing.standalone.FuzzRequests.Request;
import io.mailing.testsupport.StoredEvents;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Thousands of random requests, valid and invalid, through every write endpoint of the running platform: none may
 * answer 5xx, every 4xx must be a problem document, and whatever was accepted must be storable everywhere: every
 * event processor catches up, nothing is dead-lettered, and a mailout sent afterwards still reaches its customers.
 * The requests follow from a seed, printed at the start; {@code -Dfuzz.seed=<seed>} repeats a run and
 * {@code -Dfuzz.requests=<count>} sets its length.
 */
@RunningPlatform
class InputBoundaryFuzzIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A body this large may be refused by closing the connection before the client has sent it all. */
    private static final int CLOSE_ALLOWED_FROM = 2 * 1024 * 1024;

    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final int port;
    private final String token;
    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;

    InputBoundaryFuzzIT(
            @LocalServerPort int port,
            TokenIssuer issuer,
            JdbcTemplate jdbc,
            EventProcessingConfiguration processing,
            EventStore eventStore) {
        this.port = port;
        this.token = issuer.issue("fuzzer", List.of(Role.ADMIN));
        this.jdbc = jdbc;
        this.processing = processing;
        this.eventStore = eventStore;
    }

    @Test
    void whateverTheWriteApiAcceptsEveryProcessorStoresAndNothingIsAServerError() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        int count = Integer.getInteger("fuzz.requests", 2_500);
        System.out.println("InputBoundaryFuzzIT seed " + seed + " (-Dfuzz.seed=" + seed + " repeats this run)");
        FuzzRequests requests = new FuzzRequests(seed);
        Findings findings = new Findings(seed);
        List<String> ids = new ArrayList<>();

        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (i % 200 == 0) {
                ids.addAll(jdbc.queryForList(
                        "SELECT aggregateidentifier FROM axon.domain_event_entry WHERE type = 'Message'"
                                + " ORDER BY globalindex DESC LIMIT 5",
                        String.class));
            }
            Request request = requests.next(ids);
            try {
                HttpResponse<String> response = send(request);
                findings.check(request, response);
                ids.addAll(createdIds(request, response));
            } catch (IOException e) {
                if (request.body() == null || request.body().length < CLOSE_ALLOWED_FROM) {
                    findings.add(request, "no answer: " + e);
                }
            }
        }

        System.out.printf(
                "InputBoundaryFuzzIT sent %d requests in %d s, answered (status=count):%s%n",
                count, (System.nanoTime() - started) / 1_000_000_000, findings.answers());
        awaitEveryProcessorCaughtUp(findings);
        List<Map<String, Object>> deadLetters = jdbc.queryForList(
                "SELECT processinggroup, payloadtype, causetype, causemessage FROM axon.dead_letter_entry");
        deadLetters.forEach(letter -> findings.add("dead letter " + letter));
        findings.assertNone();

        aFreshMailoutIsDelivered(seed);
    }

    private HttpResponse<String> send(Request request) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher body;
        if (request.body() == null) {
            body = HttpRequest.BodyPublishers.noBody();
        } else if (request.chunked()) {
            body = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(request.body()));
        } else {
            body = HttpRequest.BodyPublishers.ofByteArray(request.body());
        }
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + request.path()))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .method(request.method(), body);
        if (request.body() != null && !request.contentType().isEmpty()) {
            http.header("Content-Type", request.contentType());
        }
        if (request.idempotencyKey() != null) {
            http.header("Idempotency-Key", request.idempotencyKey());
        }
        return client.send(http.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> createdIds(Request request, HttpResponse<String> response) throws IOException {
        if (response.statusCode() / 100 != 2 || response.body().isEmpty()) {
            return List.of();
        }
        JsonNode body = JSON.readTree(response.body());
        if (request.path().endsWith("/import")) {
            return body.path("registered").findValuesAsText("id");
        }
        return response.statusCode() == 201 ? List.of(body.path("id").asText()) : List.of();
    }

    /** Every streaming processor has read up to the head of the stream as it was now, and none is failing. */
    private void awaitEveryProcessorCaughtUp(Findings findings) {
        long head = eventStore.createHeadToken().position().orElse(0);
        try {
            await("every event processor reads up to position " + head)
                    .atMost(PATIENCE)
                    .until(() -> laggingProcessors(head).isEmpty());
            await("the query projections report that they caught up")
                    .atMost(PATIENCE)
                    .until(() -> projectionsCaughtUp());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            laggingProcessors(head).forEach((name, why) -> findings.add("processor " + name + ": " + why));
            findings.add("timed out: " + e.getMessage());
        }
    }

    /**
     * The processors not yet at {@code head}, with why: a segment in error (from the processors of this JVM), or a
     * token behind it (from the token store, which also knows the segments nobody holds at the moment).
     */
    private Map<String, String> laggingProcessors(long head) {
        Map<String, String> lagging = new LinkedHashMap<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                streaming.processingStatus().values().stream()
                        .filter(EventTrackerStatus::isErrorState)
                        .forEach(segment -> lagging.put(name, "in error: " + segment.getError()));
            }
        });
        jdbc.query("SELECT processorname, segment, tokentype, token FROM axon.token_entry", row -> {
            String name = row.getString("processorname");
            String type = String.valueOf(row.getString("tokentype"));
            byte[] token = row.getBytes("token");
            long position = token == null || !type.endsWith("GapAwareTrackingToken") ? -1 : index(token);
            if (position < head) {
                lagging.putIfAbsent(name, "segment " + row.getInt("segment") + " at " + position + " of " + head);
            }
        });
        return lagging;
    }

    /** The position a (not replaying) token of the JDBC event store has read up to. */
    private static long index(byte[] token) {
        try {
            return JSON.readTree(token).path("index").asLong(-1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private boolean projectionsCaughtUp() throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/admin/projections"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode projections = JSON.readTree(response.body());
        boolean all = projections.size() == 3;
        for (JsonNode projection : projections) {
            all &= projection.path("caughtUp").asBoolean()
                    && projection.path("running").asBoolean();
        }
        return all;
    }

    private void aFreshMailoutIsDelivered(long seed) throws Exception {
        String tag = "final" + Long.toUnsignedString(seed, 36);
        for (int i = 0; i < 3; i++) {
            Request customer = new Request(
                    "POST",
                    "/api/v1/customers",
                    "application/json",
                    FuzzRequests.validCustomer(String.format("7999%07d", i), tag)
                            .getBytes(),
                    false,
                    null);
            assertThat(send(customer).statusCode()).as(customer.describe()).isEqualTo(201);
        }
        Instant now = Instant.now();
        String body = String.format(
                "{\"text\":\"After the fuzz\",\"startAt\":\"%s\",\"endAt\":\"%s\",\"filter\":{\"tags\":[\"%s\"]}}",
                now, now.plus(Duration.ofHours(1)), tag);
        HttpResponse<String> created =
                send(new Request("POST", "/api/v1/mailouts", "application/json", body.getBytes(), false, null));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        UUID mailout = UUID.fromString(JSON.readTree(created.body()).path("id").asText());
        StoredEvents events = new StoredEvents(jdbc);
        await("the mailout after the fuzz reaches its three customers")
                .atMost(PATIENCE)
                .until(() ->
                        events.all(MessageSent.class, sent -> sent.mailoutId().equals(mailout))
                                        .size()
                                == 3);
    }

    /** What went wrong, grouped by endpoint, status and reason, each with its first request and a count. */
    private static final class Findings {

        private final long seed;
        private final Map<String, String> examples = new LinkedHashMap<>();
        private final Map<String, Integer> counts = new LinkedHashMap<>();
        /** Every answer's status, by endpoint: what the run reached (accepted as well as refused). */
        private final Map<String, Map<Integer, Integer>> answers = new TreeMap<>();

        Findings(long seed) {
            this.seed = seed;
        }

        private static String endpoint(Request request) {
            return request.method() + " "
                    + request.path()
                            .replaceAll("/api/v1/(customers|mailouts)/(?!import$)[^/]+", "/api/v1/$1/{id}")
                            .replaceAll("/api/v1/opt-outs/(?!import$)[^/]*/.*", "/api/v1/opt-outs/{channel}/{address}")
                            .replaceAll("/unsubscribe/.*", "/unsubscribe/{token}");
        }

        /** The statuses answered, by endpoint, one line each. */
        String answers() {
            StringBuilder lines = new StringBuilder();
            answers.forEach((endpoint, statuses) ->
                    lines.append("\n  ").append(endpoint).append(": ").append(statuses));
            return lines.toString();
        }

        void check(Request request, HttpResponse<String> response) {
            int status = response.statusCode();
            answers.computeIfAbsent(endpoint(request), e -> new TreeMap<>()).merge(status, 1, Integer::sum);
            if (status >= 500) {
                add(request, status + " " + reason(response.body()));
            } else if (status >= 400) {
                String type = response.headers().firstValue("Content-Type").orElse("");
                boolean page = request.path().startsWith(UnsubscribeLink.PATH) && type.startsWith("text/html");
                if (!page && (!type.startsWith("application/problem+json") || !isProblem(response.body(), status))) {
                    add(request, status + " without a problem document (" + type + ")");
                }
            }
        }

        void add(Request request, String what) {
            String key = endpoint(request) + ": " + what;
            examples.putIfAbsent(key, request.describe());
            counts.merge(key, 1, Integer::sum);
        }

        void add(String what) {
            examples.putIfAbsent(what, "");
            counts.merge(what, 1, Integer::sum);
        }

        void assertNone() {
            StringBuilder report = new StringBuilder();
            examples.forEach((key, example) -> report.append("\n- ")
                    .append(key)
                    .append(" (x")
                    .append(counts.get(key))
                    .append(")")
                    .append(example.isEmpty() ? "" : "\n    e.g. " + example));
            System.out.println("InputBoundaryFuzzIT seed " + seed + " findings:" + report);
            assertThat(examples)
                    .as("findings of seed %d (-Dfuzz.seed=%d):%s", seed, seed, report)
                    .isEmpty();
        }

        private static boolean isProblem(String body, int status) {
            try {
                JsonNode problem = JSON.readTree(body);
                return problem.path("status").asInt() == status && problem.hasNonNull("title");
            } catch (IOException e) {
                return false;
            }
        }

        private static String reason(String body) {
            try {
                return JSON.readTree(body).path("detail").asText();
            } catch (IOException e) {
                return body.length() > 120 ? body.substring(0, 120) : body;
            }
        }
    }
}

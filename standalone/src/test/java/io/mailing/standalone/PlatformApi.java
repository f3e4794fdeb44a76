package io.mailing.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** What a user of the standalone platform does over HTTP: import customers, create mailouts, read the query API. */
final class PlatformApi {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final TestRestTemplate http;

    PlatformApi(TestRestTemplate http) {
        this.http = http;
    }

    /** Imports {@code count} customers tagged {@code tag}, phones {@code +7<areaCode><7 digits>}. */
    void importCustomers(int count, String tag, int areaCode) {
        String rows = IntStream.range(0, count)
                .mapToObj(i -> String.format(
                        "{\"phone\":\"+7%d%07d\",\"operatorCode\":\"916\",\"tags\":[\"%s\"],\"timeZone\":\"Europe/Moscow\"}",
                        areaCode, i, tag))
                .collect(Collectors.joining(",", "[", "]"));
        ResponseEntity<String> imported = http.postForEntity("/api/v1/customers/import", json(rows), String.class);
        assertThat(imported.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(JsonPath.<Integer>read(imported.getBody(), "$.accepted")).isEqualTo(count);
    }

    /** Creates a mailout to the customers tagged {@code tag} that starts now and runs for an hour. */
    UUID createMailoutStartingNow(String tag) {
        DocumentContext created = createMailout("Hello, " + tag, tag, Instant.now());
        assertThat(created.read("$.status", String.class)).isEqualTo("RUNNING");
        return UUID.fromString(created.read("$.id"));
    }

    /** Creates a mailout to the customers tagged {@code tag} that starts at {@code startAt} and runs for an hour; the answer. */
    DocumentContext createMailout(String text, String tag, Instant startAt) {
        String body = String.format(
                "{\"text\":\"%s\",\"startAt\":\"%s\",\"endAt\":\"%s\",\"filter\":{\"tags\":[\"%s\"]}}",
                text, startAt, startAt.plus(Duration.ofHours(1)), tag);
        return JsonPath.parse(send(HttpMethod.POST, "/api/v1/mailouts", body, HttpStatus.CREATED));
    }

    /** Sends a JSON request and answers the response body, after checking its status. */
    String send(HttpMethod method, String path, String body, HttpStatus expected) {
        ResponseEntity<String> response = http.exchange(path, method, json(body), String.class);
        assertThat(response.getStatusCode()).as("%s %s", method, path).isEqualTo(expected);
        return response.getBody();
    }

    /** A GET answered with 200, as a JSON document. */
    DocumentContext get(String path) {
        ResponseEntity<String> response = http.getForEntity(path, String.class);
        assertThat(response.getStatusCode()).as("GET %s", path).isEqualTo(HttpStatus.OK);
        return JsonPath.parse(response.getBody());
    }

    /**
     * Polls a GET until it answers 200 with a document that meets the condition (the read models follow the event
     * stream, so a thing just created may be unknown to the query API for a moment); answers that document.
     */
    DocumentContext await(String path, Predicate<DocumentContext> condition) {
        return Awaitility.await("GET " + path)
                .atMost(PATIENCE)
                .ignoreExceptions()
                .until(() -> get(path), condition);
    }

    static HttpEntity<String> json(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }
}

package io.mailing.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import java.util.List;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/** HTTP-level test calls: JSON in, the raw response out, and checks of RFC 9457 problem documents. */
public final class JsonApi {

    private static final String PROBLEM_JSON = "application/problem+json";

    private final TestRestTemplate http;

    public JsonApi(TestRestTemplate http) {
        this.http = http;
    }

    public ResponseEntity<String> exchange(HttpMethod method, String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange(path, method, new HttpEntity<>(body, headers), String.class);
    }

    /** The JSON answer of a {@code GET} that must be 200 OK. */
    public DocumentContext get(String path) {
        ResponseEntity<String> response = http.getForEntity(path, String.class);
        assertThat(response.getStatusCode()).as("GET %s", path).isEqualTo(HttpStatus.OK);
        return JsonPath.parse(response.getBody());
    }

    /** A problem document with this status that names exactly these fields in its {@code errors} (if any given). */
    public static DocumentContext assertProblem(ResponseEntity<String> response, HttpStatus status, String... fields) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).hasToString(PROBLEM_JSON);
        DocumentContext problem = JsonPath.parse(response.getBody());
        assertThat(problem.read("$.status", Integer.class)).isEqualTo(status.value());
        if (fields.length > 0) {
            List<String> named = problem.read("$.errors[*].field");
            assertThat(named).containsExactlyInAnyOrder(fields);
        }
        return problem;
    }

    /** How many events the event store holds, to show that a refused request appended none. */
    public static long events(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT count(*) FROM axon.domain_event_entry", Long.class);
    }
}

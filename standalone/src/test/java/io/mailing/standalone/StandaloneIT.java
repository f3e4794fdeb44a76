package io.mailing.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.JsonPath;
import io.mailing.testsupport.ApiDocument;
import io.mailing.testsupport.TestUsers;
import io.mailing.testsupport.WithPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
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

/**
 * The standalone run hosts every service in one context. {@link WithPostgres} sets the datasource only once the
 * context is prepared, after the environment post-processors have run, so the embedded server is switched off
 * explicitly here instead of being skipped for a configured datasource.
 */
@WithPostgres
@SpringBootTest(
        classes = StandaloneApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            EmbeddedPostgresEnvironment.ENABLED + "=false",
            SimulatorEnvironment.PORT + "=0",
            MailSinkEnvironment.ENABLED + "=false",
            "mailing.report.daily.directory=" + StandaloneIT.REPORTS
        })
class StandaloneIT {

    /** Where the daily report goes without a mail server (the standalone run's default is under ./data). */
    static final String REPORTS = "target/standalone-it-reports";

    private static final String MAILOUT = """
            {"text":"hi","startAt":"2030-01-01T10:00:00Z","endAt":"2030-01-01T12:00:00Z","filter":{"tags":["vip"]}}""";

    private final TestRestTemplate http;
    private final JdbcTemplate jdbc;

    StandaloneIT(TestRestTemplate http, JdbcTemplate jdbc) {
        this.http = http;
        this.jdbc = jdbc;
    }

    @Test
    void documentsTheCommandAndQueryApisOnOnePortAndServesSwaggerUi() {
        String api = http.getForObject("/v3/api-docs", String.class);
        Map<String, Object> paths = JsonPath.read(api, "$.paths");

        assertThat(paths)
                .containsKeys(
                        "/api/v1/customers",
                        "/api/v1/customers/{id}",
                        "/api/v1/customers/import",
                        "/api/v1/mailouts",
                        "/api/v1/mailouts/{id}",
                        "/api/v1/mailouts/{id}/messages",
                        "/api/v1/messages/{id}",
                        "/api/v1/stats",
                        "/api/v1/stats/mailouts/{id}",
                        "/api/v1/audit/{subject}/{id}",
                        "/api/v1/admin/projections/{name}/replay",
                        "/api/v1/audience",
                        "/api/v1/mailouts/{id}/follow-ups",
                        "/api/v1/reports/daily",
                        "/api/v1/reports/daily/send");
        assertThat(JsonPath.<Map<String, Object>>read(api, "$.paths['/api/v1/customers']"))
                .as("the command API's POST and the query API's GET on one path")
                .containsKeys("get", "post");
        ResponseEntity<String> docs = http.getForEntity("/docs", String.class);
        assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(docs.getBody()).contains("swagger-ui");
    }

    /**
     * The document of the whole platform resolves every reference; it is written to {@code target/openapi.json}
     * for the OpenAPI linter that {@code .ci/run} runs after the build ({@code scripts/lint-openapi}).
     */
    @Test
    void servesADocumentWhoseReferencesResolveAndWritesItForTheLinter() throws Exception {
        String api = http.getForObject("/v3/api-docs", String.class);

        assertThat(ApiDocument.danglingReferences(new ObjectMapper().readTree(api)))
                .isEmpty();
        Files.writeString(Path.of("target", "openapi.json"), api);
    }

    @Test
    void createsAMailoutOverHttp() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);

        ResponseEntity<String> created =
                http.postForEntity("/api/v1/mailouts", new HttpEntity<>(MAILOUT, headers), String.class);

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(JsonPath.<String>read(created.getBody(), "$.status")).isEqualTo("SCHEDULED");
    }

    @Test
    void registersACustomerOverHttp() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);

        ResponseEntity<String> created = http.postForEntity(
                "/api/v1/customers",
                new HttpEntity<>("{\"phone\":\"+7 916 000-00-01\",\"timeZone\":\"Europe/Moscow\"}", headers),
                String.class);

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(JsonPath.<String>read(created.getBody(), "$.operatorCode")).isEqualTo("916");
    }

    @Test
    void migratesTheSchemaOfEveryHostedService() {
        assertThat(jdbc.queryForList(
                        "SELECT schema_name FROM information_schema.schemata WHERE schema_name IN"
                                + " ('axon', 'command', 'sending', 'query', 'report')",
                        String.class))
                .containsExactlyInAnyOrder("axon", "command", "sending", "query", "report");
    }

    @Test
    void withoutAMailServerWritesTheDailyReportAsAnEmlAndAnHtmlFile() throws Exception {
        ResponseEntity<String> sent = http.postForEntity("/api/v1/reports/daily/send", null, String.class);

        assertThat(sent.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(JsonPath.<String>read(sent.getBody(), "$.trigger")).isEqualTo("MANUAL");
        assertThat(JsonPath.<List<String>>read(sent.getBody(), "$.recipients")).isEmpty();
        String date = JsonPath.read(sent.getBody(), "$.date");
        String trail = "/api/v1/audit/reports/" + JsonPath.read(sent.getBody(), "$.reportId");
        String sending = Awaitility.await("the sending in the report's audit trail")
                .atMost(Duration.ofSeconds(60))
                .until(() -> http.getForObject(trail, String.class), body -> body.contains("DailyReportSent"));
        assertThat(JsonPath.<String>read(sending, "$.items[0].metadata.principal"))
                .isEqualTo(TestUsers.TOKEN_SUBJECT);
        try (Stream<Path> files = Files.list(Path.of(REPORTS))) {
            List<String> names =
                    files.map(file -> file.getFileName().toString()).toList();
            assertThat(names)
                    .anyMatch(name -> name.startsWith("daily-report-" + date) && name.endsWith(".eml"))
                    .anyMatch(name -> name.startsWith("daily-report-" + date) && name.endsWith(".html"));
        }
        HttpHeaders html = new HttpHeaders();
        html.setAccept(List.of(MediaType.TEXT_HTML));
        ResponseEntity<String> page = http.exchange(
                "/api/v1/reports/daily?date=" + date, HttpMethod.GET, new HttpEntity<>(html), String.class);
        assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML))
                .isTrue();
        assertThat(page.getBody()).contains("daily report").contains(date);
    }
}

package io.mailing.command.mailout;

import static io.mailing.testsupport.JsonApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.mailing.command.CommandServiceApplication;
import io.mailing.testsupport.JsonApi;
import io.mailing.testsupport.WithPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

@WithPostgres
@SpringBootTest(
        classes = CommandServiceApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "mailing.mailouts.email=true")
class MailoutApiIT {

    private static final String MAILOUTS = "/api/v1/mailouts";

    private final JsonApi api;
    private final JdbcTemplate jdbc;

    MailoutApiIT(TestRestTemplate http, JdbcTemplate jdbc) {
        this.api = new JsonApi(http);
        this.jdbc = jdbc;
    }

    private static String mailout(Instant startAt, Instant endAt) {
        return """
                {"text":"Black Friday: -30%%","startAt":"%s","endAt":"%s",
                 "filter":{"operatorCodes":["916"],"tags":["vip"]},
                 "deliveryWindow":{"from":"21:00","to":"06:00"},"includeLateJoiners":true}""".formatted(startAt, endAt);
    }

    private static Instant inHours(int hours) {
        return Instant.now().plus(Duration.ofHours(hours)).truncatedTo(ChronoUnit.SECONDS);
    }

    private String create(Instant startAt, Instant endAt) {
        ResponseEntity<String> response = exchange(HttpMethod.POST, MAILOUTS, mailout(startAt, endAt));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return JsonPath.read(response.getBody(), "$.id");
    }

    private ResponseEntity<String> exchange(HttpMethod method, String path, String body) {
        return api.exchange(method, path, body);
    }

    private long events() {
        return JsonApi.events(jdbc);
    }

    private long deadlines(String id) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM axon.scheduled_tasks WHERE task_name = 'AxonDeadline' AND task_data IS NOT NULL"
                        + " AND position(convert_to(?, 'UTF8') in task_data) > 0",
                Long.class,
                id);
    }

    @Test
    void createsAScheduledMailoutWithItsLocationAndTwoPersistentDeadlines() {
        Instant startAt = inHours(1);
        Instant endAt = inHours(5);
        ResponseEntity<String> response = exchange(HttpMethod.POST, MAILOUTS, mailout(startAt, endAt));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        DocumentContext body = JsonPath.parse(response.getBody());
        String id = body.read("$.id");
        assertThat(response.getHeaders().getLocation()).hasToString(MAILOUTS + "/" + id);
        assertThat(body.read("$.status", String.class)).isEqualTo("SCHEDULED");
        assertThat(body.read("$.startAt", String.class)).isEqualTo(startAt.toString());
        assertThat(body.read("$.filter.operatorCodes", List.class)).containsExactly("916");
        assertThat(body.read("$.deliveryWindow.from", String.class)).isEqualTo("21:00:00");
        assertThat(body.read("$.includeLateJoiners", Boolean.class)).isTrue();
        assertThat(deadlines(id)).isEqualTo(2);
    }

    private static String emailMailout(String fields) {
        return "{\"channel\":\"EMAIL\",\"text\":\"Plain body\",\"startAt\":\"" + inHours(1) + "\",\"endAt\":\""
                + inHours(5) + "\",\"filter\":{\"tags\":[\"vip\"]}" + fields + "}";
    }

    @Test
    void createsAnEmailMailoutWithItsSubjectAndHtmlAndStoresTheChannelInItsEvents() {
        ResponseEntity<String> response = exchange(
                HttpMethod.POST, MAILOUTS, emailMailout(",\"subject\":\"Black Friday\",\"html\":\"<p>-30%</p>\""));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        DocumentContext body = JsonPath.parse(response.getBody());
        assertThat(body.read("$.channel", String.class)).isEqualTo("EMAIL");
        assertThat(body.read("$.subject", String.class)).isEqualTo("Black Friday");
        assertThat(body.read("$.html", String.class)).isEqualTo("<p>-30%</p>");
        String scheduled = jdbc.queryForObject(
                "SELECT convert_from(payload, 'UTF8') FROM axon.domain_event_entry WHERE aggregateidentifier = ?"
                        + " AND payloadtype LIKE '%MailoutScheduled'",
                String.class, body.read("$.id", String.class));
        DocumentContext event = JsonPath.parse(scheduled);
        assertThat(event.read("$.channel", String.class)).isEqualTo("EMAIL");
        assertThat(event.read("$.email.subject", String.class)).isEqualTo("Black Friday");
        assertThat(JsonPath.parse(exchange(HttpMethod.POST, MAILOUTS, mailout(inHours(1), inHours(2)))
                                .getBody())
                        .read("$.channel", String.class))
                .as("SMS by default")
                .isEqualTo("SMS");
    }

    @Test
    void refusesAnEmailWithoutASubjectOrWithAHeaderInItAndEmailPartsOnAnSms() {
        long before = events();

        assertProblem(exchange(HttpMethod.POST, MAILOUTS, emailMailout("")), HttpStatus.BAD_REQUEST, "subject");
        assertProblem(
                exchange(HttpMethod.POST, MAILOUTS, emailMailout(",\"subject\":\"Hi\\nBcc: all@example.com\"")),
                HttpStatus.BAD_REQUEST,
                "subject");
        assertProblem(
                exchange(HttpMethod.POST, MAILOUTS, emailMailout(",\"subject\":\"" + "s".repeat(201) + "\"")),
                HttpStatus.BAD_REQUEST,
                "subject");
        assertProblem(
                exchange(HttpMethod.POST, MAILOUTS, emailMailout(",\"subject\":\"Hi\",\"html\":\" \"")),
                HttpStatus.BAD_REQUEST,
                "html");
        assertProblem(
                exchange(
                        HttpMethod.POST,
                        MAILOUTS,
                        emailMailout(",\"subject\":\"Hi\"").replace("Plain body", "b".repeat(10_001))),
                HttpStatus.BAD_REQUEST,
                "text");
        assertProblem(
                exchange(
                        HttpMethod.POST,
                        MAILOUTS,
                        mailout(inHours(1), inHours(2))
                                .replace("{\"text\"", "{\"subject\":\"Hi\",\"html\":\"<p/>\",\"text\"")),
                HttpStatus.BAD_REQUEST,
                "subject",
                "html");
        assertProblem(
                exchange(
                        HttpMethod.POST,
                        MAILOUTS,
                        emailMailout(",\"subject\":\"Hi\"").replace("EMAIL", "FAX")),
                HttpStatus.BAD_REQUEST,
                "channel");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void startsAtOnceWhenStartAtIsNowOrPast() {
        ResponseEntity<String> response =
                exchange(HttpMethod.POST, MAILOUTS, mailout(Instant.now().minusSeconds(60), inHours(1)));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(JsonPath.<String>read(response.getBody(), "$.status")).isEqualTo("RUNNING");
        assertThat(deadlines(JsonPath.read(response.getBody(), "$.id"))).isEqualTo(1);
    }

    @Test
    void namesEveryOffendingFieldAndAppendsNothing() {
        long before = events();
        String body = """
                {"text":"","startAt":"2030-01-01T10:00:00Z","endAt":"2030-01-01T09:00:00Z",
                 "filter":{"operatorCodes":["91"],"tags":["bad tag"]},
                 "deliveryWindow":{"from":"09:00","to":"09:00"}}""";

        ResponseEntity<String> response = exchange(HttpMethod.POST, MAILOUTS, body);

        assertProblem(
                response,
                HttpStatus.BAD_REQUEST,
                "text",
                "endAt",
                "filter.operatorCodes[0]",
                "filter.tags[0]",
                "deliveryWindow");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void rejectsMissingFieldsAndAFilterWithoutCriteria() {
        long before = events();
        assertProblem(
                exchange(HttpMethod.POST, MAILOUTS, "{\"filter\":{\"tags\":[]}}"),
                HttpStatus.BAD_REQUEST,
                "text",
                "startAt",
                "endAt",
                "filter");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void rejectsAnEndInThePast() {
        long before = events();
        Instant past = Instant.now().minusSeconds(60);
        assertProblem(
                exchange(HttpMethod.POST, MAILOUTS, mailout(past.minusSeconds(600), past)),
                HttpStatus.BAD_REQUEST,
                "endAt");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void rejectsTimestampsWithoutOffsetUnknownPropertiesAndMalformedJson() {
        long before = events();
        String noOffset = mailout(inHours(1), inHours(2)).replaceFirst("Z\"", "\"");
        assertProblem(exchange(HttpMethod.POST, MAILOUTS, noOffset), HttpStatus.BAD_REQUEST, "startAt");
        String typo = mailout(inHours(1), inHours(2)).replace("\"tags\"", "\"teg\"");
        assertProblem(exchange(HttpMethod.POST, MAILOUTS, typo), HttpStatus.BAD_REQUEST, "filter.teg");
        assertProblem(exchange(HttpMethod.POST, MAILOUTS, "{\"text\": "), HttpStatus.BAD_REQUEST, "body");
        assertProblem(
                exchange(
                        HttpMethod.POST,
                        MAILOUTS,
                        mailout(inHours(1), inHours(2)).replace("21:00", "25:00")),
                HttpStatus.BAD_REQUEST,
                "deliveryWindow.from");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void replacesAScheduledMailoutAndMovesItsStartDeadline() {
        String id = create(inHours(1), inHours(5));
        Instant newStart = inHours(2);

        ResponseEntity<String> response = exchange(
                HttpMethod.PUT,
                MAILOUTS + "/" + id,
                mailout(newStart, inHours(5)).replace("Black Friday", "Cyber Monday"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(JsonPath.<String>read(response.getBody(), "$.text")).startsWith("Cyber Monday");
        assertThat(deadlines(id)).isEqualTo(2);
        assertThat(jdbc.queryForObject(
                                "SELECT min(execution_time) FROM axon.scheduled_tasks WHERE position(convert_to(?, 'UTF8')"
                                        + " in task_data) > 0",
                                java.sql.Timestamp.class,
                                id)
                        .toInstant())
                .isEqualTo(newStart);
    }

    @Test
    void walksTheLifecycleAndRefusesWhatTheStateDoesNotAllow() {
        String id = create(inHours(1), inHours(5));
        String path = MAILOUTS + "/" + id;

        assertProblem(exchange(HttpMethod.POST, path + "/pause", null), HttpStatus.CONFLICT);
        assertStatus(exchange(HttpMethod.POST, path + "/start", null), "RUNNING");
        assertThat(deadlines(id)).as("the start deadline is gone once started").isEqualTo(1);

        ResponseEntity<String> change = exchange(HttpMethod.PUT, path, mailout(inHours(1), inHours(5)));
        assertProblem(change, HttpStatus.CONFLICT);
        assertThat(JsonPath.<String>read(change.getBody(), "$.currentStatus")).isEqualTo("RUNNING");
        assertProblem(exchange(HttpMethod.POST, path + "/start", null), HttpStatus.CONFLICT);

        assertStatus(exchange(HttpMethod.POST, path + "/pause", null), "PAUSED");
        assertProblem(exchange(HttpMethod.POST, path + "/pause", null), HttpStatus.CONFLICT);
        assertStatus(exchange(HttpMethod.POST, path + "/resume", null), "RUNNING");

        assertThat(exchange(HttpMethod.DELETE, path, null).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(deadlines(id)).as("a cancel removes the deadlines").isZero();
        ResponseEntity<String> again = exchange(HttpMethod.DELETE, path, null);
        assertProblem(again, HttpStatus.CONFLICT);
        assertThat(JsonPath.<String>read(again.getBody(), "$.currentStatus")).isEqualTo("CANCELLED");
    }

    @Test
    void sendsAgainOnlyAFinishedMailoutAndOnlyOnce() {
        String id = create(inHours(1), inHours(5));
        String followUps = MAILOUTS + "/" + id + "/follow-ups";
        ResponseEntity<String> early = exchange(HttpMethod.POST, followUps, null);
        assertProblem(early, HttpStatus.CONFLICT);
        assertThat(JsonPath.<String>read(early.getBody(), "$.currentStatus")).isEqualTo("SCHEDULED");
        exchange(HttpMethod.DELETE, MAILOUTS + "/" + id, null);

        ResponseEntity<String> created = exchange(HttpMethod.POST, followUps, null);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String followUp = JsonPath.read(created.getBody(), "$.id");
        assertThat(created.getHeaders().getLocation()).hasToString(MAILOUTS + "/" + followUp);
        assertThat(JsonPath.<String>read(created.getBody(), "$.status")).isEqualTo("RUNNING");
        assertThat(JsonPath.<Boolean>read(created.getBody(), "$.includeLateJoiners"))
                .isFalse();
        assertThat(deadlines(followUp)).as("the follow-up closes by itself").isEqualTo(1);

        ResponseEntity<String> again = exchange(HttpMethod.POST, followUps, null);
        assertProblem(again, HttpStatus.CONFLICT);
        assertThat(JsonPath.<String>read(again.getBody(), "$.followUpId")).isEqualTo(followUp);
    }

    @Test
    void cancelsAScheduledMailoutAndItsDeadlines() {
        String id = create(inHours(1), inHours(5));
        assertThat(exchange(HttpMethod.DELETE, MAILOUTS + "/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(deadlines(id)).isZero();
    }

    @Test
    void refusesWhatAProjectionCouldNotStoreAndValuesOfTheWrongType() {
        long before = events();
        String valid = mailout(inHours(1), inHours(2));
        for (String[] refused : new String[][] {
            {valid.replace("Black Friday", "Black\\u0000Friday"), "text"},
            {valid.replace("Black Friday", "Black\\ud800Friday"), "text"},
            {valid.replace("Black Friday", "Black\\u001bFriday"), "text"},
            {valid.replace("\"Black Friday: -30%\"", "5"), "text"},
            {valid.replace("\"916\"", "916"), "filter.operatorCodes[0]"},
            {valid.replace("true}", "\"true\"}"), "includeLateJoiners"},
            {valid.replace("\"" + inHours(1) + "\"", "1700000000"), "startAt"},
            {mailout(Instant.parse("1999-12-31T23:59:59Z"), inHours(2)), "startAt"},
            {mailout(inHours(1), Instant.parse("2101-01-01T00:00:00Z")), "endAt"},
            {mailout(inHours(1), Instant.parse("+999999999-12-31T23:59:59Z")), "endAt"},
            {valid.replace("\"tags\":[\"vip\"]", "\"tags\":" + tags(101)), "filter.tags"},
            {valid.replace("{\"text\":", "{\"text\":\"a\",\"text\":"), "body"}
        }) {
            assertProblem(exchange(HttpMethod.POST, MAILOUTS, refused[0]), HttpStatus.BAD_REQUEST, refused[1]);
        }
        assertThat(events()).isEqualTo(before);
        assertThat(exchange(HttpMethod.POST, MAILOUTS, valid.replace("Black Friday", "Black\\n\\tFriday 😀"))
                        .getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void refusesABodyOverItsLimitWith413() {
        String large = mailout(inHours(1), inHours(2)).replace("Black Friday", "x".repeat(70_000));
        assertProblem(exchange(HttpMethod.POST, MAILOUTS, large), HttpStatus.PAYLOAD_TOO_LARGE);
    }

    @Test
    void answersNotFoundForTheIdOfAnotherKindOfAggregate() {
        ResponseEntity<String> customer =
                exchange(HttpMethod.POST, "/api/v1/customers", "{\"phone\":\"79169990001\",\"timeZone\":\"UTC\"}");
        String other = MAILOUTS + "/" + JsonPath.read(customer.getBody(), "$.id");
        long before = events();
        assertProblem(exchange(HttpMethod.POST, other + "/start", null), HttpStatus.NOT_FOUND);
        assertProblem(exchange(HttpMethod.POST, other + "/pause", null), HttpStatus.NOT_FOUND);
        assertProblem(exchange(HttpMethod.POST, other + "/resume", null), HttpStatus.NOT_FOUND);
        assertProblem(exchange(HttpMethod.DELETE, other, null), HttpStatus.NOT_FOUND);
        assertProblem(exchange(HttpMethod.PUT, other, mailout(inHours(1), inHours(2))), HttpStatus.NOT_FOUND);
        assertThat(events()).isEqualTo(before);
    }

    private static String tags(int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> "\"t" + i + "\"")
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    @Test
    void answersNotFoundForUnknownIdsAndBadRequestForIdsThatAreNoUuid() {
        String unknown = MAILOUTS + "/" + UUID.randomUUID();
        assertProblem(exchange(HttpMethod.POST, unknown + "/start", null), HttpStatus.NOT_FOUND);
        assertProblem(exchange(HttpMethod.POST, unknown + "/pause", null), HttpStatus.NOT_FOUND);
        assertProblem(exchange(HttpMethod.POST, unknown + "/resume", null), HttpStatus.NOT_FOUND);
        assertProblem(exchange(HttpMethod.POST, unknown + "/follow-ups", null), HttpStatus.NOT_FOUND);
        assertProblem(exchange(HttpMethod.DELETE, unknown, null), HttpStatus.NOT_FOUND);
        assertProblem(exchange(HttpMethod.PUT, unknown, mailout(inHours(1), inHours(2))), HttpStatus.NOT_FOUND);
        assertProblem(exchange(HttpMethod.POST, MAILOUTS + "/not-a-uuid/start", null), HttpStatus.BAD_REQUEST, "id");
    }

    private static void assertStatus(ResponseEntity<String> response, String status) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(JsonPath.<String>read(response.getBody(), "$.status")).isEqualTo(status);
    }
}

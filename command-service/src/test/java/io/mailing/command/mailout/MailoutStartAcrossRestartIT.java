package io.mailing.command.mailout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.mailing.command.CommandServiceApplication;
import io.mailing.platform.security.Role;
import io.mailing.platform.security.TokenIssuer;
import io.mailing.testsupport.TestDatabase;
import io.mailing.testsupport.TestDatabases;
import io.mailing.testsupport.TestUsers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

/**
 * A mailout scheduled a few seconds ahead starts exactly once although the process that scheduled it stops before
 * {@code startAt} and two fresh processes (two nodes) share the database when the deadline falls due; it closes at
 * {@code endAt} the same way.
 */
class MailoutStartAcrossRestartIT {

    private static final String STARTED = "io.mailing.events.mailout.MailoutStarted";
    private static final String CLOSED = "io.mailing.events.mailout.MailoutClosed";
    private static final Duration RUNS_FOR = Duration.ofSeconds(3);

    @Test
    void startsAndClosesExactlyOnceAfterARestartWithTwoNodesRunning() {
        TestDatabase database = TestDatabases.create(getClass().getSimpleName());
        // Room for three context starts on a busy two-core machine before the deadline falls due.
        Instant startAt = Instant.now().plusSeconds(25).truncatedTo(ChronoUnit.SECONDS);
        String id;
        try (ConfigurableApplicationContext first = start(database)) {
            id = schedule(first, startAt);
            assertThat(startDeadlines(first, id)).isEqualTo(1);
        }

        try (ConfigurableApplicationContext second = start(database);
                ConfigurableApplicationContext third = start(database)) {
            assertThat(Instant.now()).as("restarted before startAt").isBefore(startAt);
            await().atMost(Duration.ofSeconds(40))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> startDeadlines(second, id) == 0 && count(third, id, STARTED) > 0);
            assertThat(count(second, id, STARTED)).isEqualTo(1);

            await().atMost(Duration.ofSeconds(40))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> count(second, id, CLOSED) > 0);
            assertThat(deadlines(third, id))
                    .as("no deadline of the mailout is left")
                    .isZero();
            assertThat(count(third, id, STARTED)).isEqualTo(1);
            assertThat(count(third, id, CLOSED)).isEqualTo(1);
            Instant startedAt = Instant.parse(second.getBean(JdbcTemplate.class)
                    .queryForObject(
                            "SELECT timestamp FROM axon.domain_event_entry WHERE aggregateidentifier = ? AND"
                                    + " payloadtype = ?",
                            String.class,
                            id,
                            STARTED));
            assertThat(startedAt).isAfterOrEqualTo(startAt);
        }
    }

    @Test
    void refusesToStartWithoutAWayToCheckTokens() {
        TestDatabase database = TestDatabases.create(getClass().getSimpleName());

        assertThatThrownBy(() -> start(database, ""))
                .hasStackTraceContaining("No way to check bearer tokens: set mailing.security.jwt-secret");
    }

    private static ConfigurableApplicationContext start(TestDatabase database) {
        return start(database, TestUsers.SECRET);
    }

    /** The service as its own process runs it: configured by its arguments only, here with this signing secret. */
    private static ConfigurableApplicationContext start(TestDatabase database, String secret) {
        return new SpringApplicationBuilder(CommandServiceApplication.class)
                .run(
                        "--server.port=0",
                        "--mailing.security.jwt-secret=" + secret,
                        "--spring.datasource.url=" + database.jdbcUrl(),
                        "--spring.datasource.username=" + database.username(),
                        "--spring.datasource.password=" + database.password());
    }

    private static String schedule(ConfigurableApplicationContext context, Instant startAt) {
        String port = context.getEnvironment().getProperty("local.server.port");
        String body = RestClient.create("http://localhost:" + port)
                .post()
                .uri("/api/v1/mailouts")
                .header(
                        "Authorization",
                        "Bearer " + context.getBean(TokenIssuer.class).issue("scheduler", List.of(Role.ADMIN)))
                .contentType(MediaType.APPLICATION_JSON)
                .body("""
                        {"text":"Starts by itself","startAt":"%s","endAt":"%s","filter":{"tags":["vip"]}}""".formatted(startAt, startAt.plus(RUNS_FOR)))
                .retrieve()
                .body(String.class);
        assertThat(JsonPath.<String>read(body, "$.status")).isEqualTo("SCHEDULED");
        return JsonPath.read(body, "$.id");
    }

    private static long count(ConfigurableApplicationContext context, String id, String eventType) {
        return context.getBean(JdbcTemplate.class)
                .queryForObject(
                        "SELECT count(*) FROM axon.domain_event_entry WHERE aggregateidentifier = ? AND payloadtype = ?",
                        Long.class,
                        id,
                        eventType);
    }

    private static long deadlines(ConfigurableApplicationContext context, String id) {
        return context.getBean(JdbcTemplate.class)
                .queryForObject(
                        "SELECT count(*) FROM axon.scheduled_tasks WHERE position(convert_to(?, 'UTF8') in task_data) > 0",
                        Long.class,
                        id);
    }

    private static long startDeadlines(ConfigurableApplicationContext context, String id) {
        return context.getBean(JdbcTemplate.class)
                .queryForObject(
                        "SELECT count(*) FROM axon.scheduled_tasks WHERE position(convert_to(?, 'UTF8') in task_data) > 0"
                                + " AND position(convert_to(?, 'UTF8') in task_data) > 0",
                        Long.class,
                        id,
                        Mailout.START_DEADLINE);
    }
}

package io.mailing.command.optout;

import static io.mailing.testsupport.JsonApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.mailing.command.CommandServiceApplication;
import io.mailing.events.mailout.Channel;
import io.mailing.events.optout.AddressOptedOut;
import io.mailing.events.optout.OptOutIds;
import io.mailing.events.optout.OptOutSource;
import io.mailing.events.optout.OptOutWithdrawn;
import io.mailing.platform.links.SignedLinks;
import io.mailing.platform.links.UnsubscribeLink;
import io.mailing.testsupport.JsonApi;
import io.mailing.testsupport.StoredEvents;
import io.mailing.testsupport.WithPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The opt-out list through the command API on real PostgreSQL, and the public unsubscribe page an e-mail's link
 * leads to, called as a mail client would: anonymously, over HTTP.
 */
@WithPostgres
@SpringBootTest(classes = CommandServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OptOutApiIT {

    private static final String OPT_OUTS = "/api/v1/opt-outs";

    private final JsonApi api;
    private final JdbcTemplate jdbc;
    private final StoredEvents events;
    private final SignedLinks links;
    private final int port;
    private final HttpClient anonymous = HttpClient.newHttpClient();

    OptOutApiIT(TestRestTemplate http, JdbcTemplate jdbc, SignedLinks links, @LocalServerPort int port) {
        this.api = new JsonApi(http);
        this.jdbc = jdbc;
        this.events = new StoredEvents(jdbc);
        this.links = links;
        this.port = port;
    }

    /** An e-mail address no other test uses, in capitals as people type them. */
    private static String newEmail() {
        return "Reader." + UUID.randomUUID().toString().substring(0, 8) + "@Example.ORG";
    }

    private static String optOut(String channel, String address) {
        return "{\"channel\":\"" + channel + "\",\"address\":\"" + address + "\"}";
    }

    private List<AddressOptedOut> optedOut(String address) {
        return events.all(AddressOptedOut.class, e -> e.address().equals(address));
    }

    @Test
    void putsAnAddressOnTheListOnceTakesItOffAndPutsItOnAgain() {
        String digits =
                "7916" + String.format("%07d", Math.floorMod(UUID.randomUUID().hashCode(), 10_000_000));
        String typed = "+7 (916) " + digits.substring(4, 7) + "-" + digits.substring(7);

        ResponseEntity<String> first = api.exchange(HttpMethod.POST, OPT_OUTS, optOut("SMS", typed));
        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(first.getHeaders().getLocation()).hasToString(OPT_OUTS + "/SMS/" + digits);
        DocumentContext body = JsonPath.parse(first.getBody());
        assertThat(body.read("$.address", String.class)).isEqualTo(digits);
        assertThat(body.read("$.id", String.class))
                .isEqualTo(OptOutIds.of(Channel.SMS, digits).toString());

        ResponseEntity<String> again = api.exchange(HttpMethod.POST, OPT_OUTS, optOut("SMS", digits));
        assertThat(again.getStatusCode()).as("on the list already").isEqualTo(HttpStatus.OK);
        assertThat(optedOut(digits)).singleElement().satisfies(event -> {
            assertThat(event.channel()).isEqualTo(Channel.SMS);
            assertThat(event.source()).isEqualTo(OptOutSource.OPERATOR);
            assertThat(event.messageId()).isNull();
        });

        assertThat(api.exchange(HttpMethod.DELETE, OPT_OUTS + "/SMS/" + digits, null)
                        .getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(events.all(OptOutWithdrawn.class, e -> e.address().equals(digits)))
                .hasSize(1);
        assertProblem(api.exchange(HttpMethod.DELETE, OPT_OUTS + "/SMS/" + digits, null), HttpStatus.NOT_FOUND);
        assertThat(events.all(OptOutWithdrawn.class, e -> e.address().equals(digits)))
                .hasSize(1);

        assertThat(api.exchange(HttpMethod.POST, OPT_OUTS, optOut("SMS", digits))
                        .getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        assertThat(optedOut(digits)).hasSize(2);
    }

    @Test
    void refusesWhatIsNoAddressOfTheChannelNamingTheFieldAndChangesNothing() {
        long before = JsonApi.events(jdbc);

        assertProblem(
                api.exchange(HttpMethod.POST, OPT_OUTS, "{\"address\":\"ann@example.com\"}"),
                HttpStatus.BAD_REQUEST,
                "channel");
        assertProblem(
                api.exchange(HttpMethod.POST, OPT_OUTS, optOut("SMS", "ann@example.com")),
                HttpStatus.BAD_REQUEST,
                "address");
        assertProblem(
                api.exchange(HttpMethod.POST, OPT_OUTS, optOut("EMAIL", "79161234567")),
                HttpStatus.BAD_REQUEST,
                "address");
        assertProblem(
                api.exchange(HttpMethod.POST, OPT_OUTS, optOut("EMAIL", "a".repeat(300) + "@example.com")),
                HttpStatus.BAD_REQUEST,
                "address");
        assertProblem(
                api.exchange(HttpMethod.POST, OPT_OUTS, optOut("FAX", "79161234567")),
                HttpStatus.BAD_REQUEST,
                "channel");
        assertProblem(
                api.exchange(HttpMethod.DELETE, OPT_OUTS + "/EMAIL/not-an-address", null),
                HttpStatus.BAD_REQUEST,
                "address");

        assertThat(JsonApi.events(jdbc)).isEqualTo(before);
    }

    @Test
    void importsAListCountingWhatWasOnItAlreadyAndNamingTheBadOnesByIndex() {
        String held = newEmail();
        api.exchange(HttpMethod.POST, OPT_OUTS, optOut("EMAIL", held));
        String a = newEmail();
        String b = newEmail();
        String list = "{\"channel\":\"EMAIL\",\"addresses\":[\"%s\",\"%s\",\"no address\",\"%s\",\"%s\",null]}"
                .formatted(a, a.toLowerCase(), b, held);

        ResponseEntity<String> response = api.exchange(HttpMethod.POST, OPT_OUTS + "/import", list);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        DocumentContext result = JsonPath.parse(response.getBody());
        assertThat(result.read("$.optedOut", Integer.class)).isEqualTo(2);
        assertThat(result.read("$.alreadyOptedOut", Integer.class))
                .as("a repeat and one on the list")
                .isEqualTo(2);
        assertThat(result.read("$.rejected[*].index", List.class)).containsExactly(2, 5);
        assertThat(optedOut(a.toLowerCase()))
                .singleElement()
                .satisfies(event -> assertThat(event.source()).isEqualTo(OptOutSource.IMPORT));
        assertThat(optedOut(b.toLowerCase())).hasSize(1);
        assertThat(optedOut(held.toLowerCase())).hasSize(1);

        ResponseEntity<String> again = api.exchange(HttpMethod.POST, OPT_OUTS + "/import", list);
        assertThat(JsonPath.parse(again.getBody()).read("$.optedOut", Integer.class))
                .as("importing the same list again changes nothing")
                .isZero();
    }

    @Test
    void anImportOfMoreThanTenThousandAddressesIsRefusedWhole() {
        long before = JsonApi.events(jdbc);
        StringBuilder list = new StringBuilder("{\"channel\":\"SMS\",\"addresses\":[");
        for (int i = 0; i <= OptOutImport.MAX_ADDRESSES; i++) {
            list.append(i == 0 ? "" : ",")
                    .append("\"7999")
                    .append(String.format("%07d", i))
                    .append('"');
        }
        list.append("]}");

        assertProblem(
                api.exchange(HttpMethod.POST, OPT_OUTS + "/import", list.toString()),
                HttpStatus.BAD_REQUEST,
                "addresses");
        assertThat(JsonApi.events(jdbc)).isEqualTo(before);
    }

    @Test
    void theUnsubscribeLinkAsksOnGetAndOptsTheAddressOutOnAOneClickPostWithoutAnAccount() throws Exception {
        String address = newEmail().toLowerCase();
        UUID message = UUID.randomUUID();
        String token = links.sign(new UnsubscribeLink(Channel.EMAIL, message, address).payload());
        URI link = URI.create("http://127.0.0.1:" + port + UnsubscribeLink.PATH + token);

        HttpResponse<String> page =
                anonymous.send(HttpRequest.newBuilder(link).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("<form method=\"post\">", "@example.org")
                .doesNotContain(address);
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(policy -> assertThat(policy).contains("default-src 'none'", "form-action 'self'"));
        assertThat(optedOut(address))
                .as("a GET (a link preview, a mail scanner) changes nothing")
                .isEmpty();

        HttpResponse<String> oneClick = anonymous.send(
                HttpRequest.newBuilder(link)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(oneClick.statusCode()).isEqualTo(200);
        assertThat(oneClick.body()).contains("No more e-mails");
        assertThat(optedOut(address)).singleElement().satisfies(event -> {
            assertThat(event.source()).isEqualTo(OptOutSource.RECIPIENT);
            assertThat(event.messageId()).isEqualTo(message);
            assertThat(event.channel()).isEqualTo(Channel.EMAIL);
        });
        assertThat(anonymous
                        .send(
                                HttpRequest.newBuilder(link)
                                        .POST(HttpRequest.BodyPublishers.noBody())
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .as("the page's own button, again: still 200, nothing more recorded")
                .isEqualTo(200);
        assertThat(optedOut(address)).hasSize(1);
    }

    /** On one node (across nodes, see {@link RetryingTest}). */
    @Test
    void requestsRacingForOneAddressAllGetTheirAnswerAndItIsOptedOutOnce() throws Exception {
        String address = newEmail().toLowerCase();
        String token = links.sign(new UnsubscribeLink(Channel.EMAIL, UUID.randomUUID(), address).payload());
        HttpRequest oneClick = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + UnsubscribeLink.PATH + token))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
                .build();
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers * 2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return api.exchange(HttpMethod.POST, OPT_OUTS, optOut("EMAIL", address))
                            .getStatusCode()
                            .value();
                }));
                answers.add(pool.submit(() -> {
                    start.await();
                    return anonymous
                            .send(oneClick, HttpResponse.BodyHandlers.ofString())
                            .statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            assertThat(statuses).allMatch(status -> status == 200 || status == 201);
            assertThat(statuses.stream().filter(status -> status == 201)).hasSizeLessThanOrEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(optedOut(address)).hasSize(1);
    }

    @Test
    void aLinkThisDeploymentDidNotSignChangesNothing() throws Exception {
        String address = newEmail().toLowerCase();
        String token = links.sign(new UnsubscribeLink(Channel.EMAIL, UUID.randomUUID(), address).payload());
        String forged =
                links.sign(new UnsubscribeLink(Channel.EMAIL, UUID.randomUUID(), "victim@example.org").payload())
                                .substring(0, token.indexOf('.'))
                        + token.substring(token.indexOf('.'));
        long before = JsonApi.events(jdbc);

        for (String bad :
                List.of(forged, token.substring(0, token.length() - 2), "x", "a.b.c", "%00", "A".repeat(3000))) {
            HttpResponse<String> answer = anonymous.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + UnsubscribeLink.PATH + bad))
                            .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode())
                    .as(bad.length() > 40 ? bad.substring(0, 40) : bad)
                    .isIn(400, 404);
        }
        assertThat(JsonApi.events(jdbc)).isEqualTo(before);
    }
}

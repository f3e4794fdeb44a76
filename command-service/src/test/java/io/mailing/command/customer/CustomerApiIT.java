package io.mailing.command.customer;

import static io.mailing.testsupport.JsonApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.mailing.command.CommandServiceApplication;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.customer.CustomerRemoved;
import io.mailing.testsupport.JsonApi;
import io.mailing.testsupport.WithPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

@WithPostgres
@SpringBootTest(classes = CommandServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CustomerApiIT {

    private static final String CUSTOMERS = "/api/v1/customers";
    private static final String IMPORT = CUSTOMERS + "/import";

    private final JsonApi api;
    private final JdbcTemplate jdbc;
    private final Configuration axon;
    private final ImportSettings settings;

    CustomerApiIT(TestRestTemplate http, JdbcTemplate jdbc, Configuration axon, ImportSettings settings) {
        this.api = new JsonApi(http);
        this.jdbc = jdbc;
        this.axon = axon;
        this.settings = settings;
    }

    private static String customer(String phone) {
        return """
                {"phone":"%s","tags":["vip","moscow"],"timeZone":"Europe/Moscow"}""".formatted(phone);
    }

    /** A phone number no other test of this class uses. */
    private static String newPhone() {
        return "7916" + String.format("%07d", Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 10_000_000));
    }

    private String register(String phone) {
        ResponseEntity<String> response = api.exchange(HttpMethod.POST, CUSTOMERS, customer(phone));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return JsonPath.read(response.getBody(), "$.id");
    }

    private long events() {
        return JsonApi.events(jdbc);
    }

    private List<UUID> holdersOf(String phone) {
        return jdbc.queryForList("SELECT customer_id FROM command.customer_phone WHERE phone = ?", UUID.class, phone);
    }

    private List<UUID> holdersOfEmail(String email) {
        return jdbc.queryForList("SELECT customer_id FROM command.customer_email WHERE email = ?", UUID.class, email);
    }

    /** An e-mail address no other test of this class uses, as a person might type it. */
    private static String newEmail() {
        return "Ann.Lee+" + UUID.randomUUID().toString().substring(0, 8) + "@Example.COM";
    }

    private static String emailCustomer(String email) {
        return "{\"email\":\"" + email + "\",\"tags\":[\"news\"],\"timeZone\":\"Europe/London\"}";
    }

    private String registerByEmail(String email) {
        ResponseEntity<String> response = api.exchange(HttpMethod.POST, CUSTOMERS, emailCustomer(email));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return JsonPath.read(response.getBody(), "$.id");
    }

    @Test
    void registersACustomerByEmailAloneKeepingTheAddressInLowerCase() {
        String email = newEmail();

        ResponseEntity<String> response = api.exchange(HttpMethod.POST, CUSTOMERS, emailCustomer(" " + email + " "));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        DocumentContext body = JsonPath.parse(response.getBody());
        assertThat(body.read("$.email", String.class)).isEqualTo(email.toLowerCase());
        assertThat(body.read("$", Map.class)).doesNotContainKeys("phone", "operatorCode");
        assertThat(holdersOfEmail(email.toLowerCase())).containsExactly(UUID.fromString(body.read("$.id")));
    }

    @Test
    void refusesACustomerWithNeitherAddressABadEmailOrAnOperatorCodeWithoutAPhone() {
        long before = events();

        assertProblem(
                api.exchange(HttpMethod.POST, CUSTOMERS, "{\"timeZone\":\"UTC\"}"), HttpStatus.BAD_REQUEST, "phone");
        for (String bad : List.of(
                "ann",
                "ann@example",
                "ann@@example.com",
                ".ann@example.com",
                "ann..lee@example.com",
                "ann@-example.com",
                "anna@ex\u00e4mple.com",
                "ann lee@example.com",
                "ann@example.c0m",
                "a".repeat(65) + "@example.com",
                "ann@" + "e".repeat(250) + ".com",
                "ann\\u0000@example.com")) {
            assertProblem(
                    api.exchange(HttpMethod.POST, CUSTOMERS, "{\"email\":\"" + bad + "\",\"timeZone\":\"UTC\"}"),
                    HttpStatus.BAD_REQUEST,
                    "email");
        }
        assertProblem(
                api.exchange(
                        HttpMethod.POST,
                        CUSTOMERS,
                        "{\"email\":\"ann@example.com\",\"operatorCode\":\"916\",\"timeZone\":\"UTC\"}"),
                HttpStatus.BAD_REQUEST,
                "operatorCode");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void refusesAnEmailAnActiveCustomerHoldsInAnyCaseNamingTheFieldAndTheHolder() {
        String email = newEmail();
        String holder = registerByEmail(email);
        long before = events();

        ResponseEntity<String> response = api.exchange(
                HttpMethod.POST,
                CUSTOMERS,
                "{\"phone\":\"" + newPhone() + "\",\"email\":\"" + email.toUpperCase() + "\",\"timeZone\":\"UTC\"}");

        DocumentContext problem = assertProblem(response, HttpStatus.CONFLICT);
        assertThat(problem.read("$.field", String.class)).isEqualTo("email");
        assertThat(problem.read("$.existingId", String.class)).isEqualTo(holder);
        assertThat(events()).isEqualTo(before);
        String other = register(newPhone());
        DocumentContext changeProblem = assertProblem(
                api.exchange(HttpMethod.PUT, CUSTOMERS + "/" + other, emailCustomer(email)), HttpStatus.CONFLICT);
        assertThat(changeProblem.read("$.existingId", String.class)).isEqualTo(holder);
    }

    @Test
    void changingOrRemovingACustomerFreesTheAddressesTheyNoLongerHave() {
        String phone = newPhone();
        String email = newEmail().toLowerCase();
        ResponseEntity<String> both = api.exchange(
                HttpMethod.POST,
                CUSTOMERS,
                "{\"phone\":\"" + phone + "\",\"email\":\"" + email + "\",\"timeZone\":\"UTC\"}");
        String id = JsonPath.read(both.getBody(), "$.id");
        assertThat(holdersOf(phone)).containsExactly(UUID.fromString(id));
        assertThat(holdersOfEmail(email)).containsExactly(UUID.fromString(id));

        ResponseEntity<String> phoneOnly = api.exchange(HttpMethod.PUT, CUSTOMERS + "/" + id, customer(phone));

        assertThat(phoneOnly.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(holdersOfEmail(email)).isEmpty();
        assertThat(holdersOf(phone)).containsExactly(UUID.fromString(id));
        String emailHolder = registerByEmail(email);
        assertThat(api.exchange(HttpMethod.DELETE, CUSTOMERS + "/" + emailHolder, null)
                        .getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(holdersOfEmail(email)).isEmpty();
        assertThat(api.exchange(HttpMethod.DELETE, CUSTOMERS + "/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(holdersOf(phone)).isEmpty();
    }

    @Test
    void importsCustomersByEmailAndRefusesAnEmailRepeatedInTheImportOrHeld() {
        String held = newEmail();
        String holder = registerByEmail(held);
        String fresh = newEmail();
        String rows = "["
                + String.join(",", emailCustomer(fresh), emailCustomer(fresh.toUpperCase()), emailCustomer(held)) + "]";

        DocumentContext result = JsonPath.parse(ok(api.exchange(HttpMethod.POST, IMPORT, rows)));

        assertThat(result.read("$.accepted", Integer.class)).isEqualTo(1);
        assertThat(result.read("$.rejections[*].index", List.class)).containsExactly(1, 2);
        assertThat(result.read("$.rejections[*].errors[0].field", List.class)).containsExactly("email", "email");
        assertThat(result.read("$.rejections[1].existingId", String.class)).isEqualTo(holder);
    }

    @Test
    void changesAndRemovesACustomerStoredBeforeCustomersHadAnEmailAddress() {
        UUID id = UUID.randomUUID();
        String phone = newPhone();
        jdbc.update(
                "INSERT INTO axon.domain_event_entry (aggregateidentifier, sequencenumber, type, eventidentifier,"
                        + " metadata, payload, payloadrevision, payloadtype, timestamp)"
                        + " VALUES (?, 0, 'Customer', ?, convert_to('{}', 'UTF8'), convert_to(?, 'UTF8'), '1', ?, ?)",
                id.toString(),
                UUID.randomUUID().toString(),
                "{\"customerId\":\"" + id + "\",\"phone\":\"" + phone
                        + "\",\"operatorCode\":\"916\",\"tags\":[],\"timeZone\":\"UTC\"}",
                CustomerRegistered.class.getName(),
                "2026-01-01T00:00:00Z");
        jdbc.update("INSERT INTO command.customer_phone (phone, customer_id) VALUES (?, ?)", phone, id);
        String email = newEmail().toLowerCase();

        ResponseEntity<String> changed = api.exchange(
                HttpMethod.PUT,
                CUSTOMERS + "/" + id,
                "{\"phone\":\"" + phone + "\",\"email\":\"" + email + "\",\"timeZone\":\"UTC\"}");

        assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(holdersOfEmail(email)).containsExactly(id);
        assertThat(api.exchange(HttpMethod.DELETE, CUSTOMERS + "/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(holdersOf(phone)).isEmpty();
        assertThat(holdersOfEmail(email)).isEmpty();
        assertThat(jdbc.queryForList(
                        "SELECT payloadrevision FROM axon.domain_event_entry WHERE aggregateidentifier = ?"
                                + " ORDER BY sequencenumber",
                        String.class,
                        id.toString()))
                .containsExactly("1", "2", "2");
    }

    @Test
    void readsStoredEventsThroughThePublishedLanguagesUpcasters() {
        GenericDomainEventEntry<byte[]> removed = new GenericDomainEventEntry<>(
                "Customer",
                UUID.randomUUID().toString(),
                1,
                UUID.randomUUID().toString(),
                java.time.Instant.EPOCH,
                CustomerRemoved.class.getName(),
                "1",
                "{\"customerId\":\"6f0c1e2a-3b4c-4d5e-8f90-a1b2c3d4e5f6\",\"phone\":\"79161234567\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(axon.upcasterChain()
                        .upcast(java.util.stream.Stream.of(
                                new InitialEventRepresentation(removed, axon.eventSerializer())))
                        .map(event -> event.getType().getRevision()))
                .containsExactly("2");
    }

    @Test
    void registersWithItsLocationAndTheDetailsNormalised() {
        ResponseEntity<String> response = api.exchange(HttpMethod.POST, CUSTOMERS, """
                {"phone":"+7 (916) 765-43-21","tags":["vip","vip","moscow"],"timeZone":"Europe/Moscow"}""");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        DocumentContext body = JsonPath.parse(response.getBody());
        String id = body.read("$.id");
        assertThat(response.getHeaders().getLocation()).hasToString(CUSTOMERS + "/" + id);
        assertThat(body.read("$.phone", String.class)).isEqualTo("79167654321");
        assertThat(body.read("$.operatorCode", String.class)).isEqualTo("916");
        assertThat(body.read("$.tags", List.class)).containsExactly("vip", "moscow");
        assertThat(body.read("$.timeZone", String.class)).isEqualTo("Europe/Moscow");
        assertThat(holdersOf("79167654321")).containsExactly(UUID.fromString(id));
    }

    @Test
    void namesEveryOffendingFieldAndAppendsNothing() {
        long before = events();

        ResponseEntity<String> response = api.exchange(HttpMethod.POST, CUSTOMERS, """
                {"phone":"12-34","operatorCode":"9a6","tags":["ok","bad tag"],"timeZone":"Mars/Olympus"}""");

        assertProblem(response, HttpStatus.BAD_REQUEST, "phone", "operatorCode", "tags[1]", "timeZone");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void requiresAnOperatorCodeForANumberOutsideRussia() {
        assertProblem(api.exchange(HttpMethod.POST, CUSTOMERS, """
                        {"phone":"+1 212 555 0100","timeZone":"America/New_York"}"""), HttpStatus.BAD_REQUEST, "operatorCode");
    }

    @Test
    void refusesUnknownPropertiesWrongTypesAndMalformedJson() {
        long before = events();

        assertProblem(api.exchange(HttpMethod.POST, CUSTOMERS, """
                        {"phone":"79161234567","teg":["vip"],"timeZone":"UTC"}"""), HttpStatus.BAD_REQUEST, "teg");
        assertProblem(api.exchange(HttpMethod.POST, CUSTOMERS, """
                        {"phone":"79161234567","tags":"vip","timeZone":"UTC"}"""), HttpStatus.BAD_REQUEST, "tags");
        assertProblem(api.exchange(HttpMethod.POST, CUSTOMERS, "{\"phone\":"), HttpStatus.BAD_REQUEST, "body");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void refusesAPhoneAnActiveCustomerHoldsNamingThatCustomer() {
        String phone = newPhone();
        String holder = register(phone);
        long before = events();

        String typedDifferently = "+" + phone.charAt(0) + " (" + phone.substring(1, 4) + ") " + phone.substring(4);
        ResponseEntity<String> response = api.exchange(HttpMethod.POST, CUSTOMERS, customer(typedDifferently));

        DocumentContext problem = assertProblem(response, HttpStatus.CONFLICT);
        assertThat(problem.read("$.existingId", String.class)).isEqualTo(holder);
        assertThat(problem.read("$.detail", String.class)).contains(phone);
        assertThat(events()).isEqualTo(before);
        assertThat(holdersOf(phone)).containsExactly(UUID.fromString(holder));
    }

    @Test
    void replacesEveryDetailAndFreesTheOldPhone() {
        String oldPhone = newPhone();
        String newPhone = newPhone();
        String id = register(oldPhone);

        ResponseEntity<String> changed = api.exchange(HttpMethod.PUT, CUSTOMERS + "/" + id, """
                {"phone":"%s","operatorCode":"999","timeZone":"+03:00"}""".formatted(newPhone));

        assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.OK);
        DocumentContext body = JsonPath.parse(changed.getBody());
        assertThat(body.read("$.phone", String.class)).isEqualTo(newPhone);
        assertThat(body.read("$.operatorCode", String.class)).isEqualTo("999");
        assertThat(body.read("$.tags", List.class)).isEmpty();
        assertThat(body.read("$.timeZone", String.class)).isEqualTo("+03:00");
        assertThat(holdersOf(newPhone)).containsExactly(UUID.fromString(id));
        assertThat(holdersOf(oldPhone)).isEmpty();
        register(oldPhone);
    }

    @Test
    void refusesToChangeToAPhoneAnotherCustomerHolds() {
        String taken = newPhone();
        String holder = register(taken);
        String id = register(newPhone());
        long before = events();

        DocumentContext problem =
                assertProblem(api.exchange(HttpMethod.PUT, CUSTOMERS + "/" + id, customer(taken)), HttpStatus.CONFLICT);

        assertThat(problem.read("$.existingId", String.class)).isEqualTo(holder);
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void removesACustomerAndFreesTheirPhone() {
        String phone = newPhone();
        String id = register(phone);

        ResponseEntity<String> removed = api.exchange(HttpMethod.DELETE, CUSTOMERS + "/" + id, null);

        assertThat(removed.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(holdersOf(phone)).isEmpty();
        assertProblem(api.exchange(HttpMethod.DELETE, CUSTOMERS + "/" + id, null), HttpStatus.NOT_FOUND);
        assertProblem(api.exchange(HttpMethod.PUT, CUSTOMERS + "/" + id, customer(phone)), HttpStatus.NOT_FOUND);
        assertThat(register(phone)).isNotEqualTo(id);
    }

    @Test
    void answersNotFoundForAnUnknownIdAndBadRequestForAnIdThatIsNoUuid() {
        String unknown = CUSTOMERS + "/" + UUID.randomUUID();
        long before = events();

        assertProblem(api.exchange(HttpMethod.PUT, unknown, customer(newPhone())), HttpStatus.NOT_FOUND);
        assertProblem(api.exchange(HttpMethod.DELETE, unknown, null), HttpStatus.NOT_FOUND);
        assertProblem(api.exchange(HttpMethod.DELETE, CUSTOMERS + "/42", null), HttpStatus.BAD_REQUEST, "id");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void letsExactlyOneOfManyConcurrentRequestsForOnePhoneWin() throws Exception {
        String phone = newPhone();
        int requests = 8;
        CountDownLatch ready = new CountDownLatch(requests);
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            List<Callable<ResponseEntity<String>>> calls = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                calls.add(() -> {
                    ready.countDown();
                    ready.await();
                    return api.exchange(HttpMethod.POST, CUSTOMERS, customer(phone));
                });
            }
            List<HttpStatus> statuses = new ArrayList<>();
            for (Future<ResponseEntity<String>> result : pool.invokeAll(calls)) {
                statuses.add(HttpStatus.valueOf(result.get().getStatusCode().value()));
            }

            assertThat(statuses).containsOnly(HttpStatus.CREATED, HttpStatus.CONFLICT);
            assertThat(statuses).filteredOn(HttpStatus.CREATED::equals).hasSize(1);
            assertThat(holdersOf(phone)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void importsEveryGoodRowReportsEveryBadOneAndRegistersNobodyTwice() {
        String existingPhone = newPhone();
        String existing = register(existingPhone);
        String first = newPhone();
        String second = newPhone();
        String rows = "["
                + String.join(
                        ",",
                        customer(first),
                        """
                        {"phone":"123","timeZone":"Nowhere"}""",
                        """
                        {"phone":"%s","teg":["vip"],"timeZone":"UTC"}""".formatted(newPhone()),
                        "42",
                        customer(existingPhone),
                        customer(first),
                        """
                        {"phone":"+1 212 555 0100","operatorCode":"212","timeZone":"America/New_York"}""".replace("0100", second.substring(7)))
                + "]";
        long before = events();

        DocumentContext result = JsonPath.parse(ok(api.exchange(HttpMethod.POST, IMPORT, rows)));

        assertThat(result.read("$.accepted", Integer.class)).isEqualTo(2);
        assertThat(result.read("$.rejected", Integer.class)).isEqualTo(5);
        assertThat(result.read("$.registered[*].index", List.class)).containsExactly(0, 6);
        assertThat(result.read("$.rejections[*].index", List.class)).containsExactly(1, 2, 3, 4, 5);
        assertThat(result.read("$.rejections[0].errors[*].field", List.class))
                .containsExactlyInAnyOrder("phone", "timeZone");
        assertThat(result.read("$.rejections[1].errors[*].field", List.class)).containsExactly("teg");
        assertThat(result.read("$.rejections[2].errors[*].field", List.class)).containsExactly("body");
        assertThat(result.read("$.rejections[3].existingId", String.class)).isEqualTo(existing);
        String firstId = result.read("$.registered[0].id");
        assertThat(result.read("$.rejections[4].existingId", String.class)).isEqualTo(firstId);
        assertThat(result.read("$.rejections[4].errors[0].message", String.class))
                .contains("the row at index 0");
        assertThat(events()).isEqualTo(before + 2);

        DocumentContext again = JsonPath.parse(ok(api.exchange(HttpMethod.POST, IMPORT, rows)));

        assertThat(again.read("$.accepted", Integer.class)).isZero();
        assertThat(again.read("$.rejected", Integer.class)).isEqualTo(7);
        assertThat(again.read("$.rejections[5].existingId", String.class)).isEqualTo(firstId);
        assertThat(events()).isEqualTo(before + 2);
    }

    /** The rows are registered a batch at a time: a row repeating a phone of an earlier batch is refused too. */
    @Test
    void refusesARowRepeatingAPhoneOfAnEarlierBatchOfTheSameArray() {
        List<String> rows = IntStream.range(0, settings.batchSize())
                .mapToObj(i -> customer(String.format("7997%07d", i)))
                .collect(Collectors.toCollection(ArrayList::new));
        rows.add(customer("79970000000"));
        long before = events();

        DocumentContext result =
                JsonPath.parse(ok(api.exchange(HttpMethod.POST, IMPORT, "[" + String.join(",", rows) + "]")));

        assertThat(result.read("$.accepted", Integer.class)).isEqualTo(settings.batchSize());
        assertThat(result.read("$.rejections[*].index", List.class)).containsExactly(settings.batchSize());
        assertThat(result.read("$.rejections[0].errors[0].field", String.class)).isEqualTo("phone");
        assertThat(result.read("$.rejections[0].existingId", String.class))
                .isEqualTo(result.read("$.registered[0].id", String.class));
        assertThat(events()).isEqualTo(before + settings.batchSize());
    }

    @Test
    void importsTenThousandRowsInOneCallAndRefusesMore() {
        List<String> phones = IntStream.range(0, ImportRows.MAX_ROWS)
                .mapToObj(i -> String.format("7999%07d", i))
                .toList();
        String tenThousand = phones.stream().map(CustomerApiIT::customer).collect(Collectors.joining(",", "[", "]"));
        String tooMany = tenThousand.replaceFirst("]$", "," + customer("79990000000") + "]");
        long before = events();

        assertProblem(api.exchange(HttpMethod.POST, IMPORT, tooMany), HttpStatus.BAD_REQUEST, "body");
        assertThat(events()).isEqualTo(before);

        DocumentContext result = JsonPath.parse(ok(api.exchange(HttpMethod.POST, IMPORT, tenThousand)));

        assertThat(result.read("$.accepted", Integer.class)).isEqualTo(ImportRows.MAX_ROWS);
        assertThat(result.read("$.rejected", Integer.class)).isZero();
        assertThat(events()).isEqualTo(before + ImportRows.MAX_ROWS);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM command.customer_phone WHERE phone LIKE '7999%'", Long.class))
                .isEqualTo(ImportRows.MAX_ROWS);
    }

    @Test
    void refusesValuesOfTheWrongTypeOrWithControlCharactersAndAppendsNothing() {
        long before = events();
        for (String[] refused : new String[][] {
            {"{\"phone\":\"79160000001\",\"operatorCode\":916,\"timeZone\":\"UTC\"}", "operatorCode"},
            {"{\"phone\":79160000001,\"timeZone\":\"UTC\"}", "phone"},
            {"{\"phone\":\"79160000001\",\"tags\":[\"v\\u0000ip\"],\"timeZone\":\"UTC\"}", "tags[0]"},
            {"{\"phone\":\"79160000001\",\"timeZone\":\"U\\u0007TC\"}", "timeZone"},
            {"{\"phone\":\"79160000001\",\"timeZone\":\"" + " ".repeat(65) + "UTC\"}", "timeZone"},
            {"{\"phone\":\"" + "7".repeat(33) + "\",\"timeZone\":\"UTC\"}", "phone"},
            {"{\"phone\":\"79160000001\",\"timeZone\":\"UTC\",\"timeZone\":\"UTC\"}", "body"}
        }) {
            assertProblem(
                    api.exchange(HttpMethod.POST, "/api/v1/customers", refused[0]), HttpStatus.BAD_REQUEST, refused[1]);
        }
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void answersNotFoundForTheIdOfAnotherKindOfAggregate() {
        ResponseEntity<String> mailout = api.exchange(
                HttpMethod.POST,
                "/api/v1/mailouts",
                "{\"text\":\"hi\",\"startAt\":\"2090-01-01T10:00:00Z\",\"endAt\":\"2090-01-01T12:00:00Z\","
                        + "\"filter\":{\"tags\":[\"vip\"]}}");
        String other = "/api/v1/customers/" + JsonPath.read(mailout.getBody(), "$.id");
        long before = events();

        assertProblem(api.exchange(HttpMethod.PUT, other, customer("79160000002")), HttpStatus.NOT_FOUND);
        assertProblem(api.exchange(HttpMethod.DELETE, other, null), HttpStatus.NOT_FOUND);
        assertThat(events()).isEqualTo(before);
    }

    private static String ok(ResponseEntity<String> response) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }
}

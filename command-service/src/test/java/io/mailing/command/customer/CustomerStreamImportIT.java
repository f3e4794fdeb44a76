package io.mailing.command.customer;

import static io.mailing.testsupport.JsonApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.mailing.command.CommandServiceApplication;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.platform.security.Role;
import io.mailing.platform.security.TokenIssuer;
import io.mailing.testsupport.TestUsers;
import io.mailing.testsupport.WithPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The streamed import over real HTTP on a real PostgreSQL: tens of thousands of CSV and JSON-lines rows with bad
 * ones at known lines, the row-by-row fallback when another request takes a phone mid-batch, and bodies meant to
 * hurt (endless, huge lines, odd encodings, too many at once, callers without the right).
 */
@WithPostgres
@SpringBootTest(
        classes = CommandServiceApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "mailing.customers.import.max-rows=30000",
            "mailing.web.request-body.paths[/api/v1/customers/import/stream]=4MB"
        })
class CustomerStreamImportIT {

    private static final String STREAM = "/api/v1/customers/import/stream";
    private static final MediaType CSV = MediaType.parseMediaType("text/csv");
    private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    private static final String HEADER = "phone,operatorCode,tags,timeZone\n";

    private final TestRestTemplate http;
    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final TokenIssuer tokens;
    private final int port;

    CustomerStreamImportIT(
            TestRestTemplate http,
            JdbcTemplate jdbc,
            DataSource dataSource,
            TokenIssuer tokens,
            @LocalServerPort int port) {
        this.http = http;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.tokens = tokens;
        this.port = port;
    }

    private ResponseEntity<String> post(MediaType type, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(type);
        return http.exchange(STREAM, HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
    }

    private ResponseEntity<String> post(MediaType type, byte[] body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(type);
        return http.exchange(STREAM, HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
    }

    private static DocumentContext ok(ResponseEntity<String> response) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
        return JsonPath.parse(response.getBody());
    }

    /** Rows for lines 2 … count + 1 (line 1 is the header), each made by {@code row} from its line number. */
    private static String lines(int first, int last, IntFunction<String> row) {
        StringBuilder body = new StringBuilder();
        for (int line = first; line <= last; line++) {
            body.append(row.apply(line)).append('\n');
        }
        return body.toString();
    }

    private long registered(String phonePrefix) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM axon.domain_event_entry WHERE payloadtype = ?"
                        + " AND convert_from(payload, 'UTF8')::jsonb->>'phone' LIKE ?"
                        + " AND convert_from(metadata, 'UTF8')::jsonb->>'principal' = ?",
                Long.class,
                CustomerRegistered.class.getName(),
                phonePrefix + "%",
                TestUsers.TOKEN_SUBJECT);
    }

    private long held(String phonePrefix) {
        return jdbc.queryForObject(
                "SELECT count(DISTINCT phone) FROM command.customer_phone WHERE phone LIKE ?",
                Long.class,
                phonePrefix + "%");
    }

    private String register(String phone) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> response = http.exchange(
                "/api/v1/customers",
                HttpMethod.POST,
                new HttpEntity<>("{\"phone\":\"" + phone + "\",\"timeZone\":\"UTC\"}", headers),
                String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return JsonPath.read(response.getBody(), "$.id");
    }

    @Test
    void importsTwentyThousandCsvRowsAndNamesEachBadRowByLineAndField() {
        String existing = register("79559999999");
        String body = HEADER
                + lines(2, 20_001, line -> switch (line) {
                    case 3 -> "12-34,,vip,Europe/Moscow";
                    case 4 -> "79550000004,9a6,vip,Mars/Olympus";
                    case 5 -> "79550000005,,bad tag,UTC";
                    case 6 -> "79550000006,UTC";
                    case 7 -> "\"79550000007,,vip,UTC";
                    case 8 -> "79550000002,,vip,UTC"; // line 2's phone, same batch
                    case 501 -> "79559999999,,vip,UTC"; // an existing customer's phone
                    case 9_000 -> "79550000002,,vip,UTC"; // line 2's phone, a later batch
                    default -> "7955%07d,,vip;moscow,Europe/Moscow".formatted(line);
                });

        DocumentContext result = ok(post(CSV, body));

        assertThat(result.read("$.lines", Integer.class)).isEqualTo(20_001);
        assertThat(result.read("$.accepted", Integer.class)).isEqualTo(20_000 - 8);
        assertThat(result.read("$.rejected", Integer.class)).isEqualTo(8);
        assertThat(result.read("$.moreRejections", Integer.class)).isZero();
        assertThat(result.read("$.rejections[*].line", List.class)).containsExactly(3, 4, 5, 6, 7, 8, 501, 9_000);
        assertThat(result.read("$.rejections[0].errors[*].field", List.class)).containsExactly("phone");
        assertThat(result.read("$.rejections[0].status", Integer.class)).isEqualTo(400);
        assertThat(result.read("$.rejections[1].errors[*].field", List.class))
                .containsExactlyInAnyOrder("operatorCode", "timeZone");
        assertThat(result.read("$.rejections[2].errors[*].field", List.class)).containsExactly("tags[0]");
        assertThat(result.read("$.rejections[3].errors[*].field", List.class)).containsExactly("row");
        assertThat(result.read("$.rejections[4].errors[*].field", List.class)).containsExactly("row");
        assertThat(result.read("$.rejections[5].errors[*].field", List.class)).containsExactly("phone");
        assertThat(result.read("$.rejections[5].status", Integer.class)).isEqualTo(409);
        assertThat(result.read("$.rejections[5].errors[0].message", String.class))
                .contains("line 2");
        assertThat(result.read("$.rejections[6].existingId", String.class)).isEqualTo(existing);
        String lineTwo = jdbc.queryForObject(
                "SELECT customer_id::text FROM command.customer_phone WHERE phone = '79550000002'", String.class);
        assertThat(result.read("$.rejections[7].existingId", String.class)).isEqualTo(lineTwo);
        assertThat(registered("7955")).isEqualTo(20_000 - 8 + 1); // the existing customer too
        assertThat(held("7955")).isEqualTo(20_000 - 8 + 1);

        DocumentContext again = ok(post(CSV, body));

        assertThat(again.read("$.accepted", Integer.class)).isZero();
        assertThat(again.read("$.rejected", Integer.class)).isEqualTo(20_000);
        assertThat(again.read("$.moreRejections", Integer.class)).isEqualTo(19_000);
        assertThat(registered("7955")).isEqualTo(20_000 - 8 + 1);
    }

    @Test
    void importsCsvRowsWithAnEmailColumnByPhoneByEmailOrByBoth() {
        String body = "timeZone,email,phone\n"
                + "UTC,ann@import.example,\n"
                + "UTC,,79640000003\n"
                + "UTC,Bob@Import.Example,79640000004\n"
                + "UTC,ANN@import.example,\n" // line 2's address in another case
                + "UTC,,\n" // neither
                + "UTC,carol@import,\n"; // no dotted domain

        DocumentContext result = ok(post(CSV, body));

        assertThat(result.read("$.accepted", Integer.class))
                .as(result.jsonString())
                .isEqualTo(3);
        assertThat(result.read("$.rejections[*].line", List.class)).containsExactly(5, 6, 7);
        assertThat(result.read("$.rejections[0].errors[*].field", List.class)).containsExactly("email");
        assertThat(result.read("$.rejections[0].errors[0].message", String.class))
                .contains("line 2");
        assertThat(result.read("$.rejections[1].errors[*].field", List.class)).containsExactly("phone");
        assertThat(result.read("$.rejections[2].errors[*].field", List.class)).containsExactly("email");
        assertThat(jdbc.queryForList(
                        "SELECT email FROM command.customer_email WHERE email LIKE '%@import.example' ORDER BY email",
                        String.class))
                .containsExactly("ann@import.example", "bob@import.example");
        assertThat(held("7964")).isEqualTo(2);
        assertThat(post(CSV, "timeZone,tags\nUTC,vip\n").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void importsTwentyThousandJsonLinesAndNamesEachBadRowByLineAndField() {
        String body = lines(1, 20_000, line -> switch (line) {
            case 10 -> "{\"phone\":\"79560000010\",";
            case 11 -> "{\"phone\":\"79560000011\",\"teg\":[\"vip\"],\"timeZone\":\"UTC\"}";
            case 12 -> "{\"phone\":79560000012,\"timeZone\":\"UTC\"}";
            case 13 -> "[1,2]";
            case 14 -> "{\"phone\":\"79560000014\",\"tags\":[\"v\\u0000ip\"],\"timeZone\":\"UTC\"}";
            case 15_000 -> "{\"phone\":\"79560000001\",\"timeZone\":\"UTC\"}";
            case 15_001 -> "";
            default -> "{\"phone\":\"7956%07d\",\"tags\":[\"vip\"],\"timeZone\":\"Europe/Moscow\"}".formatted(line);
        });

        DocumentContext result = ok(post(NDJSON, body));

        assertThat(result.read("$.accepted", Integer.class)).isEqualTo(20_000 - 7);
        assertThat(result.read("$.rejected", Integer.class)).isEqualTo(6);
        assertThat(result.read("$.rejections[*].line", List.class)).containsExactly(10, 11, 12, 13, 14, 15_000);
        assertThat(result.read("$.rejections[0].errors[*].field", List.class)).containsExactly("row");
        assertThat(result.read("$.rejections[1].errors[*].field", List.class)).containsExactly("teg");
        assertThat(result.read("$.rejections[2].errors[*].field", List.class)).containsExactly("phone");
        assertThat(result.read("$.rejections[3].errors[*].field", List.class)).containsExactly("row");
        assertThat(result.read("$.rejections[4].errors[*].field", List.class)).containsExactly("tags[0]");
        assertThat(result.read("$.rejections[5].status", Integer.class)).isEqualTo(409);
        assertThat(registered("7956")).isEqualTo(20_000 - 7);
        assertThat(held("7956")).isEqualTo(20_000 - 7);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void logsOneLinePerBatchNotOnePerCustomer(CapturedOutput output) {
        String body = HEADER + lines(2, 4, line -> "7963%07d,,,UTC".formatted(line));
        int before = output.getAll().length();

        assertThat(ok(post(CSV, body)).read("$.accepted", Integer.class)).isEqualTo(3);

        // The console log is written by a thread of its own (AsyncConsole): wait for the line, then count.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> output.getAll().substring(before), logged -> logged.contains("Imported lines 2-4"));
        String logged = output.getAll().substring(before);
        assertThat(logged).contains("Imported lines 2-4: 3 CustomerRegistered");
        assertThat(logged.split("CustomerRegistered", -1)).hasSize(2);
    }

    @Test
    void registersRowByRowWhenAnotherRequestTakesAPhoneWhileItsBatchIsUnderWay() throws Exception {
        UUID other = UUID.randomUUID();
        String body = HEADER + lines(2, 101, line -> "7957%07d,,,UTC".formatted(line));
        try (Connection race = dataSource.getConnection()) {
            race.setAutoCommit(false);
            try (var claim = race.prepareStatement(
                    "INSERT INTO command.customer_phone (phone, customer_id) VALUES ('79570000050', ?)")) {
                claim.setObject(1, other);
                claim.executeUpdate();
            }
            CompletableFuture<ResponseEntity<String>> importing = CompletableFuture.supplyAsync(() -> post(CSV, body));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> jdbc.queryForObject(
                                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                            + " AND query LIKE 'INSERT INTO command.customer_phone%'",
                                    Long.class)
                            > 0);
            race.commit();

            DocumentContext result = ok(importing.get(30, TimeUnit.SECONDS));

            assertThat(result.read("$.accepted", Integer.class)).isEqualTo(99);
            assertThat(result.read("$.rejections[*].line", List.class)).containsExactly(50);
            assertThat(result.read("$.rejections[0].existingId", String.class)).isEqualTo(other.toString());
            assertThat(registered("7957")).isEqualTo(99);
        }
    }

    @Test
    void refusesAnonymousCallersAndViewers() {
        HttpHeaders anonymous = new HttpHeaders();
        anonymous.setContentType(CSV);
        anonymous.set(HttpHeaders.AUTHORIZATION, "Bearer not-a-token");
        HttpHeaders viewer = new HttpHeaders();
        viewer.setContentType(CSV);
        viewer.setBearerAuth(tokens.issue(TestUsers.VIEWER, List.of(Role.VIEWER)));
        String body = HEADER + "79580000001,,,UTC\n";

        assertThat(http.exchange(STREAM, HttpMethod.POST, new HttpEntity<>(body, anonymous), String.class)
                        .getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.exchange(STREAM, HttpMethod.POST, new HttpEntity<>(body, viewer), String.class)
                        .getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(registered("7958")).isZero();
    }

    @Test
    void refusesBodiesThatAreNotUtf8AndRowsThatAreNotTextOrTooLong() {
        byte[] utf16 = (HEADER + "79590000001,,,UTC\n").getBytes(StandardCharsets.UTF_16);
        assertProblem(post(CSV, utf16), HttpStatus.BAD_REQUEST, "body");
        assertProblem(
                post(MediaType.parseMediaType("text/csv;charset=ISO-8859-1"), HEADER),
                HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        assertProblem(post(CSV, "phone,colour\n79590000001,red\n"), HttpStatus.BAD_REQUEST, "header");

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        body.writeBytes("Phone,Time zone\r\n79590000002,UTC\r\n".getBytes(StandardCharsets.UTF_8));
        body.writeBytes("79590000003,Europe/Moscow".getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, '\n'});
        body.writeBytes(("79590000004," + "x".repeat(1_000_000) + "\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes("79590000005,UTC".getBytes(StandardCharsets.UTF_8));

        DocumentContext result = ok(post(CSV, body.toByteArray()));

        assertThat(result.read("$.accepted", Integer.class)).isEqualTo(2);
        assertThat(result.read("$.rejections[*].line", List.class)).containsExactly(3, 4);
        assertThat(result.read("$.rejections[0].errors[0].message", String.class))
                .contains("UTF-8");
        assertThat(result.read("$.rejections[1].errors[0].message", String.class))
                .contains("longer than");
        assertThat(registered("7959")).isEqualTo(2);
    }

    @Test
    void stopsAnEndlessBodyAtItsRowLimitKeepingWhatCameBefore() throws Exception {
        try (RawImport endless = new RawImport("text/csv")) {
            endless.send(HEADER + "79600000001,,,UTC\n");
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                String bad = lines(0, 999, i -> "12-34,,,UTC");
                try {
                    while (true) {
                        endless.send(bad);
                    }
                } catch (IOException closedByTheServer) {
                    // the server answered and closed the connection: the test reads its answer
                }
            });

            RawImport.Answer answer = endless.answer();

            assertThat(answer.status()).isEqualTo(413);
            DocumentContext problem = JsonPath.parse(answer.body());
            assertThat(problem.read("$.type", String.class)).isEqualTo("urn:mailing:problem:payload-too-large");
            assertThat(problem.read("$.accepted", Integer.class)).isEqualTo(1);
            assertThat(problem.read("$.rejected", Integer.class)).isEqualTo(30_000 - 1);
            assertThat(problem.read("$.rejections", List.class)).hasSize(1000);
            assertThat(problem.read("$.stoppedAtLine", Integer.class)).isEqualTo(30_002);
            assertThat(registered("79600000001")).isEqualTo(1);
            endless.close();
            writing.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void stopsABodyOverItsByteLimitKeepingWhatCameBefore() throws Exception {
        try (RawImport endless = new RawImport("application/x-ndjson")) {
            endless.send("{\"phone\":\"79610000001\",\"timeZone\":\"UTC\"}\n");
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                String blank = " ".repeat(1000) + "\n";
                try {
                    while (true) {
                        endless.send(blank);
                    }
                } catch (IOException closedByTheServer) {
                    // the server answered and closed the connection
                }
            });

            RawImport.Answer answer = endless.answer();

            assertThat(answer.status()).isEqualTo(413);
            assertThat(JsonPath.parse(answer.body()).read("$.accepted", Integer.class))
                    .isEqualTo(1);
            assertThat(registered("79610000001")).isEqualTo(1);
            endless.close();
            writing.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void runsAtMostTwoImportsAtOnceAndRefusesAThirdUntilOneEnds() throws Exception {
        try (RawImport first = new RawImport("text/csv");
                RawImport second = new RawImport("text/csv")) {
            first.send(HEADER + "79620000001,,,UTC\n");
            second.send(HEADER + "79620000002,,,UTC\n");

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> post(CSV, HEADER).getStatusCode().value() == 429);
            ResponseEntity<String> third = post(CSV, HEADER + "79620000003,,,UTC\n");
            DocumentContext busy = assertProblem(third, HttpStatus.TOO_MANY_REQUESTS);
            assertThat(busy.read("$.type", String.class)).isEqualTo("urn:mailing:problem:busy");
            assertThat(third.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();

            first.end();
            second.end();

            assertThat(first.answer().status()).isEqualTo(200);
            assertThat(second.answer().status()).isEqualTo(200);
            assertThat(ok(post(CSV, HEADER + "79620000003,,,UTC\n")).read("$.accepted", Integer.class))
                    .isEqualTo(1);
            assertThat(registered("7962")).isEqualTo(3);
        }
    }

    /**
     * An import over a socket of its own, its body sent in chunks as the test decides (HTTP/1.1 chunked transfer
     * coding), its answer read whenever the server gives it: what a client that never ends its body looks like.
     */
    private final class RawImport implements AutoCloseable {

        private final Socket socket;
        private final OutputStream out;

        RawImport(String contentType) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout((int) Duration.ofSeconds(60).toMillis());
            out = socket.getOutputStream();
            String token = tokens.issue(TestUsers.TOKEN_SUBJECT, List.of(Role.ADMIN));
            out.write(("POST " + STREAM + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                            + "\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        synchronized void send(String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        void end() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** The status and body of the answer (a body of Content-Length bytes, or chunked). */
        Answer answer() throws IOException {
            InputStream in = socket.getInputStream();
            String status = readLine(in);
            int code = Integer.parseInt(status.split(" ")[1]);
            long length = -1;
            boolean chunked = false;
            for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
                String lower = header.toLowerCase();
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(header.substring(15).strip());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                try {
                    for (int size = Integer.parseInt(readLine(in).strip(), 16);
                            size > 0;
                            size = Integer.parseInt(readLine(in).strip(), 16)) {
                        body.writeBytes(in.readNBytes(size));
                        readLine(in);
                    }
                } catch (IOException closedAfterTheLastChunk) {
                    // the server may close without the final empty chunk when it stops reading a body
                }
            } else if (length >= 0) {
                body.writeBytes(in.readNBytes((int) length));
            }
            return new Answer(code, body.toString(StandardCharsets.UTF_8));
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("The connection closed mid-answer");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }

        record Answer(int status, String body) {}
    }
}

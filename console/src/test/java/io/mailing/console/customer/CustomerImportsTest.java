package io.mailing.console.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.console.customer.CustomerImports.ImportAnswer;
import io.mailing.console.customer.CustomerImports.ImportAnswer.FieldError;
import io.mailing.console.customer.CustomerImports.ImportAnswer.Rejection;
import io.mailing.console.customer.ImportJob.RowError;
import io.mailing.console.platform.PlatformClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;

class CustomerImportsTest {

    private static final String HEADER = "phone,operatorCode,tags,timeZone\n";
    private static final MediaType JSON_LINES = MediaType.parseMediaType("application/x-ndjson");

    private final PlatformClient platform = mock(PlatformClient.class);
    private final CustomerImports imports = new CustomerImports(platform, new ObjectMapper());
    private final List<Integer> calls = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        imports.destroy();
    }

    @Test
    void sendsFiveHundredJsonLinesPerCallAndNamesRefusedRowsByTheirLineInTheFile() throws Exception {
        when(platform.post(any(), eq(JSON_LINES), any(byte[].class), eq(ImportAnswer.class)))
                .thenAnswer(call -> {
                    String body = new String((byte[]) call.getArgument(2), StandardCharsets.UTF_8);
                    List<String> rows = body.lines().toList();
                    assertThat(rows).allMatch(row -> row.startsWith("{\"phone\":"));
                    calls.add(rows.size());
                    // The API refuses the second row (line) of every call.
                    return new ImportAnswer(
                            rows.size() - 1,
                            1,
                            List.of(new Rejection(2, List.of(new FieldError("tags[0]", "bad tag")), null)));
                });
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 1_201; i++) {
            csv.append(i == 700 ? "79160000000,916\n" : "7916" + String.format("%07d", i) + ",916,,UTC\n");
        }
        MockHttpSession session = new MockHttpSession();

        imports.start(session, "many.csv", file(csv.toString()));

        awaitFinished(session);
        ImportJob.Progress done = imports.latest(session);
        assertThat(calls).containsExactly(500, 500, 200);
        assertThat(done.total()).isEqualTo(1_201);
        assertThat(done.handled()).isEqualTo(1_201);
        assertThat(done.percent()).isEqualTo(100);
        assertThat(done.imported()).isEqualTo(1_197);
        assertThat(done.errors())
                .containsExactly(
                        new RowError(3, "tags", "bad tag"),
                        new RowError(503, "tags", "bad tag"),
                        new RowError(702, "row", "has 2 fields where the header has 4 columns"),
                        new RowError(1_004, "tags", "bad tag"));
    }

    @Test
    void runsTwoImportsLetsEightWaitAndRefusesMore() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        when(platform.post(any(), eq(JSON_LINES), any(byte[].class), eq(ImportAnswer.class)))
                .thenAnswer(call -> {
                    release.await(10, TimeUnit.SECONDS);
                    return new ImportAnswer(1, 0, List.of());
                });
        MockHttpSession first = new MockHttpSession();
        imports.start(first, "first.csv", file(HEADER + "79160000001,916,,UTC\n"));

        assertThatThrownBy(() -> imports.start(first, "again.csv", file(HEADER + "79160000002,916,,UTC\n")))
                .isInstanceOf(CustomerImports.AlreadyRunning.class)
                .hasMessageContaining("first.csv");
        for (int i = 1; i < CustomerImports.WORKERS + CustomerImports.WAITING; i++) {
            imports.start(new MockHttpSession(), "other.csv", file(HEADER + "79160000003,916,,UTC\n"));
        }
        assertThatThrownBy(() -> imports.start(new MockHttpSession(), "late.csv", file(HEADER)))
                .isInstanceOf(CustomerImports.Busy.class);

        release.countDown();
        awaitFinished(first);
        imports.start(first, "again.csv", file(HEADER + "79160000002,916,,UTC\n"));
        assertThat(imports.latest(first).fileName()).isEqualTo("again.csv");
    }

    private void awaitFinished(MockHttpSession session) throws InterruptedException {
        for (int tries = 0; tries < 100 && !imports.latest(session).finished(); tries++) {
            Thread.sleep(100);
        }
        assertThat(imports.latest(session).finished()).as("finished").isTrue();
    }

    private static CustomerCsv file(String csv) {
        return CustomerCsv.of(csv.getBytes(StandardCharsets.UTF_8));
    }
}

package io.mailing.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void namesTheCommitMeasuredAndEachStagesCostPerMessage() {
        Map<String, Object> results = base();
        results.put("revision", Benchmark.ordered("commit", "abc123", "dirty", true, "changedFiles", 2));
        results.put(
                "perMessage",
                List.of(Benchmark.ordered(
                        "stage", "end to end at 0 ms", "rowWrites", 13.76, "cpuMsWithoutSimulator", 4.62)));
        results.put("topStatements", "pg_stat_statements is not in the server's shared_preload_libraries");
        results.put(
                "rowWritesByTable",
                List.of(Benchmark.ordered(
                        "stage", "end to end at 0 ms", "table", "axon.domainevententry", "writes", 3.0)));

        String page = Report.markdown(results);

        assertThat(page)
                .contains("Measured commit abc123, with uncommitted changes in 2 files.")
                .contains("| stage | rowWrites | cpuMsWithoutSimulator |")
                .contains("| end to end at 0 ms | 13.76 | 4.62 |")
                .contains("## Row writes per message by table (pg_stat_user_tables)")
                .contains("| end to end at 0 ms | axon.domainevententry | 3.0 |")
                .contains("No statement figures: pg_stat_statements is not in the server's shared_preload_libraries");
    }

    @Test
    void givesTheScaleOutsSpeedUp() {
        Map<String, Object> results = base();
        results.put(
                "scaleOut",
                Benchmark.ordered(
                        "recipients",
                        1000,
                        "providerLatencyMs",
                        500,
                        "maxInFlightPerNode",
                        200,
                        "runs",
                        List.of(
                                Benchmark.ordered("sendingNodes", 1, "seconds", 3.0),
                                Benchmark.ordered("sendingNodes", 2, "seconds", 1.6)),
                        "speedUp",
                        1.88));

        assertThat(Report.markdown(results))
                .contains("| 2 | 1.6 |")
                .contains("Two nodes 1.88 times as fast as one (target ≥ 1.6).");
    }

    private static Map<String, Object> base() {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("machine", Benchmark.ordered("cores", 2));
        results.put("targets", List.of());
        results.put("ceiling", Benchmark.ordered("batch", 100));
        results.put("import", Benchmark.ordered("customers", 10));
        results.put("endToEnd", List.of());
        results.put("api", List.of());
        return results;
    }
}

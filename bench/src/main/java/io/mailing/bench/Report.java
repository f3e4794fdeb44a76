package io.mailing.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a run's results as JSON and as a markdown page, in the run's folder and as {@code latest.*}. */
final class Report {

    private Report() {}

    static void write(Map<String, Object> results, Path runDir, Path out) throws IOException {
        Path json = runDir.resolve("results.json");
        Path markdown = runDir.resolve("results.md");
        Api.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), results);
        Files.writeString(markdown, markdown(results));
        Files.copy(json, out.resolve("latest.json"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(markdown, out.resolve("latest.md"), StandardCopyOption.REPLACE_EXISTING);
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> results) {
        StringBuilder page = new StringBuilder("# Benchmark results\n\n");
        page.append("Run ")
                .append(results.get("startedAt"))
                .append(" – ")
                .append(results.get("finishedAt"))
                .append(", ")
                .append(results.get("customers"))
                .append(" customers.\n\n");
        Map<String, Object> revision = (Map<String, Object>) results.get("revision");
        if (revision != null) {
            page.append("Measured commit ")
                    .append(revision.get("commit"))
                    .append(
                            Boolean.TRUE.equals(revision.get("dirty"))
                                    ? ", with uncommitted changes in " + revision.get("changedFiles") + " files"
                                    : Boolean.FALSE.equals(revision.get("dirty")) ? ", working tree clean" : "")
                    .append(".\n\n");
        }
        if (results.get("platformJvm") != null) {
            page.append("Platform JVM: `").append(results.get("platformJvm")).append("`.\n\n");
        }
        table(page, "Machine", List.of((Map<String, Object>) results.get("machine")));
        table(page, "Targets", (List<Map<String, Object>>) results.get("targets"));
        table(page, "Database ceiling (rows/s, 8 connections)", List.of((Map<String, Object>) results.get("ceiling")));
        table(page, "Import", List.of((Map<String, Object>) results.get("import")));
        Map<String, Object> warmUp = (Map<String, Object>) results.get("warmUp");
        if (warmUp != null) {
            table(page, "Warm-up mailout (not a figure: it lets the JIT compile the sending path)", List.of(warmUp));
        }
        table(page, "End to end (MailoutStarted → every message final)", (List<Map<String, Object>>)
                results.get("endToEnd"));
        List<Map<String, Object>> perMessage = (List<Map<String, Object>>) results.get("perMessage");
        if (perMessage != null) {
            table(
                    page,
                    "Per message: row writes, commits, CPU ms by process (targets ≤ " + Cost.ROW_WRITES_TARGET
                            + " rows, ≤ " + Cost.CPU_MS_TARGET + " ms of CPU without the simulator)",
                    perMessage);
            page.append("From just before each mailout until its messages are final and the query projections have"
                    + " caught up. Rows: `pg_stat_database` (inserted + updated + deleted) of the bench's database;"
                    + " CPU: `/proc/<pid>/stat` (utime + stime) of the platform's JVM, of the PostgreSQL server's"
                    + " processes that served the bench's database or the whole server, and of the simulator;"
                    + " `otherDatabasesCpuSeconds` is what the server spent on other databases meanwhile (not"
                    + " counted).\n\n");
            if (results.get("postgresqlCpu") instanceof String why) {
                page.append("PostgreSQL CPU ").append(why).append(".\n\n");
            }
            if (results.get("rowWritesByTable") instanceof List<?> byTable && !byTable.isEmpty()) {
                table(page, "Row writes per message by table (pg_stat_user_tables)", (List<Map<String, Object>>)
                        byTable);
            }
            if (results.get("topStatements") instanceof List<?> top) {
                table(page, "Statements by rows (pg_stat_statements)", (List<Map<String, Object>>) top);
            } else {
                page.append("No statement figures: ")
                        .append(results.get("topStatements"))
                        .append(".\n\n");
            }
        }
        latencies(page, "API under load", (List<Latencies>) results.get("api"));
        if (results.get("apiDuringMailout") instanceof Map<?, ?> during) {
            latencies(
                    page,
                    "API under load while a mailout runs at full speed (provider latency 0 ms; both loads at once)",
                    (List<Latencies>) during.get("loads"));
            table(
                    page,
                    "The mailout under those loads (still running when they ended: "
                            + during.get("mailoutRunningThroughout") + ")",
                    List.of((Map<String, Object>) during.get("mailout")));
        }
        if (results.get("oneOffs") instanceof Map<?, ?> oneOffs) {
            List<Map<String, Object>> steps = (List<Map<String, Object>>) oneOffs.get("steps");
            latencies(
                    page,
                    "One-off messages (POST /api/v1/messages by the demo sender, an Idempotency-Key each): "
                            + oneOffs.get("acceptedPerSecondAtP99Below50Ms")
                            + "/s accepted with a p99 below 50 ms",
                    steps.stream().map(step -> (Latencies) step.get("accepted")).toList());
            table(
                    page,
                    "One-off messages end to end, each step's until every one was final",
                    steps.stream()
                            .map(step -> {
                                Map<String, Object> row = new LinkedHashMap<>(step);
                                row.put("accepted", ((Latencies) step.get("accepted")).name());
                                return row;
                            })
                            .toList());
        }
        if (results.containsKey("million")) {
            table(page, "1,000,000-recipient mailout (-Xmx512m)", List.of((Map<String, Object>)
                    results.get("million")));
            latencies(
                    page, "API under load after 1,000,000 messages", (List<Latencies>) results.get("apiAfterMillion"));
        }
        Map<String, Object> console = (Map<String, Object>) results.get("console");
        if (console != null) {
            latencies(
                    page,
                    "Console pages, one after the other (" + console.get("mailoutsAdded")
                            + " more mailouts in the store)",
                    (List<Latencies>) console.get("pages"));
            if (console.get("dashboards") != null) {
                table(page, "Twenty open console dashboards", List.of((Map<String, Object>) console.get("dashboards")));
            }
        }
        Map<String, Object> scaleOut = (Map<String, Object>) results.get("scaleOut");
        if (scaleOut != null && scaleOut.containsKey("runs")) {
            table(
                    page,
                    "Scale-out: the split topology with one sending node and with two (" + scaleOut.get("recipients")
                            + " recipients, provider latency " + scaleOut.get("providerLatencyMs")
                            + " ms, at most " + scaleOut.get("maxInFlightPerNode") + " in flight per node)",
                    (List<Map<String, Object>>) scaleOut.get("runs"));
            page.append("Two nodes ")
                    .append(scaleOut.get("speedUp"))
                    .append(" times as fast as one (target ≥ 1.6).\n\n");
        } else if (scaleOut != null) {
            page.append("## Scale-out\n\nSkipped: ")
                    .append(scaleOut.get("skipped"))
                    .append(".\n\n");
        }
        return page.toString();
    }

    private static void latencies(StringBuilder page, String title, List<Latencies> rows) {
        page.append("## ")
                .append(title)
                .append("\n\n| load | requests/s | p50 ms | p99 ms | max ms | errors |\n")
                .append("| --- | --- | --- | --- | --- | --- |\n");
        for (Latencies row : rows) {
            page.append(String.format(
                    "| %s | %.0f | %.1f | %.1f | %.1f | %d |%n",
                    row.name(), row.perSecond(), row.p50(), row.p99(), row.max(), row.errors()));
        }
        page.append('\n');
    }

    private static void table(StringBuilder page, String title, List<Map<String, Object>> rows) {
        page.append("## ").append(title).append("\n\n");
        if (rows.isEmpty()) {
            return;
        }
        List<String> columns = List.copyOf(rows.get(0).keySet());
        page.append("| ")
                .append(String.join(" | ", columns))
                .append(" |\n|")
                .append(" --- |".repeat(columns.size()))
                .append('\n');
        for (Map<String, Object> row : rows) {
            page.append("| ");
            for (String column : columns) {
                page.append(row.get(column)).append(" | ");
            }
            page.setLength(page.length() - 1);
            page.append('\n');
        }
        page.append('\n');
    }
}

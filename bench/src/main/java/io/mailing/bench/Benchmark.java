package io.mailing.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * The benchmark: starts the provider simulator and the standalone platform ({@code -Xmx512m}) on a fresh database,
 * and measures, in this order, the database's ceiling, the customer import, end-to-end mailout throughput at 0 ms and
 * 200 ms provider latency (after an unmeasured warm-up mailout to customers of their own, so that the JIT has
 * compiled the sending path), API latency under load, at rest and while a mailout runs at full speed, one-off
 * messages (accepted per second and their p99, and their rate end to end), and a
 * 1,000,000-recipient mailout's throughput and memory, after
 * which the statistics' latency is measured again; each measured mailout's cost per message (rows written, commits,
 * CPU by process: {@link Cost}); the console; then, with the standalone platform stopped, the split topology's
 * scale-out from one sending node to two. Results go to {@code bench/results/} as JSON and markdown, with the commit
 * they measured.
 *
 * <p>Options: {@code --customers N} (100000), {@code --million N} (1000000 recipients in the memory run; 0 skips
 * it), {@code --api-seconds N} (20), {@code --console-mailouts N} (1000; 0 skips the console stage),
 * {@code --dashboard-seconds N} (60; 0 skips the dashboards), {@code --scale-out N} (6000 recipients; 0 skips it),
 * {@code --scale-out-in-flight N} (50 attempts per sending node),
 * {@code --out DIR} (bench/results), {@code --keep true} (keep the databases),
 * {@code --jvm "<options>"} (more options for the platform's JVM, e.g. {@code -XX:StartFlightRecording=...} or
 * {@code -Dlogging.level.<logger>=warn}).
 * Environment: {@code BENCH_JDBC_URL}
 * (jdbc:postgresql://127.0.0.1:5432/postgres: a server where the run may create its database; without one the
 * platform's embedded PostgreSQL is used and the scale-out stage is skipped), {@code BENCH_JDBC_USER} (postgres),
 * {@code BENCH_JDBC_PASSWORD}.
 */
public final class Benchmark {

    /** The platform JVM's own options, before {@code --jvm}'s. */
    private static final List<String> PLATFORM_JVM =
            List.of("-Xmx512m", "-Daxoniq.update-checker.disabled=true", "-Dmailing.one-offs.per-client.rate=0");

    private static final String SIMULATOR_TOKEN = "bench-token";
    private static final int IMPORT_STREAM_ROWS = 1_000_000;
    private static final Duration PATIENCE = Duration.ofHours(2);
    private static final Duration COMMAND_WARM_UP = Duration.ofSeconds(60);
    private static final Duration QUERY_WARM_UP = Duration.ofSeconds(10);
    private static final Duration DASHBOARD_WARM_UP = Duration.ofSeconds(10);
    private static final int WARM_UP_RECIPIENTS = 10_000;
    private static final int WARM_UP_PHONES = 900_000_000;
    private static final int SCALE_OUT_WARM_UP = 5_000;
    private static final String AT_LEAST = "≥";
    private static final String AT_MOST = "≤";
    private static final String BELOW = "<";

    private final Map<String, String> options;
    private final Path root;
    private final Path out;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final List<Map<String, Object>> targets = new ArrayList<>();
    private final int customers;
    private final int million;
    private final Duration apiDuration;

    private Benchmark(Map<String, String> options) {
        this.options = options;
        this.root = Path.of("").toAbsolutePath();
        this.out = Path.of(options.getOrDefault("out", "bench/results")).toAbsolutePath();
        this.customers = option("customers", 100_000);
        this.million = option("million", 1_000_000);
        this.apiDuration = Duration.ofSeconds(option("api-seconds", 20));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new Benchmark(options).run();
        System.exit(0);
    }

    private int option(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
    }

    /** Each stage in its order, then the results written; the scale-out runs once the standalone platform is down. */
    private void run() throws Exception {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now());
        Path runDir = out.resolve("runs").resolve(stamp);
        Files.createDirectories(runDir);

        Database database = Database.prepare(stamp, runDir);
        results.put("startedAt", Instant.now().toString());
        results.put("revision", Revision.of(root));
        results.put("platformJvm", (String.join(" ", PLATFORM_JVM) + " " + options.getOrDefault("jvm", "")).trim());
        results.put("customers", customers);
        try {
            standaloneStages(database, runDir);
        } finally {
            database.drop(keep());
        }
        scaleOutStage(database, runDir);
        results.put("targets", targets);
        results.put("finishedAt", Instant.now().toString());
        Report.write(results, runDir, out);
        say("results in %s (latest: %s)", runDir, out.resolve("latest.md"));
    }

    /**
     * The stages on the standalone platform, with the provider simulator: the database's ceiling, the import, the
     * warm-up, end to end, the APIs at rest and while a mailout runs, the million, the costs and the console.
     */
    private void standaloneStages(Database database, Path runDir) throws Exception {
        int simulatorPort = Processes.freePort();
        int platformPort = Processes.freePort();
        try (Processes.Jvm simulator = startSimulator(simulatorPort, runDir);
                Processes.Jvm platform = startPlatform(database, platformPort, simulatorPort, runDir)) {
            Api provider = new Api("http://127.0.0.1:" + simulatorPort);
            Api api = new Api("http://127.0.0.1:" + platformPort);
            Processes.awaitReady(simulator, provider, "/simulator/stats", Duration.ofMinutes(1));
            Processes.awaitReady(platform, api, "/actuator/health/readiness", Duration.ofMinutes(3));
            database.connectAfterStart(runDir.resolve("platform.log"));
            results.put("machine", Machine.describe(database.url, database.user, database.password));
            Cost cost = new Cost(database.statsUrl(), database.url, database.user, database.password, database.name());
            MeasuredMailouts measured = new MeasuredMailouts(api, cost, platform, simulator);
            api.login("admin", "admin");
            say("platform ready on port %d, database %s", platformPort, database.url);

            Ceiling.Figures ceiling = ceilingStage(database);
            importStage(api);
            warmUpStage(api);
            String mailout = endToEndStage(provider, measured, ceiling);
            results.put("api", apiLoad(api, mailout, apiDuration, 600_000_000));
            results.put("apiDuringMailout", apiDuringMailout(api, customers, apiDuration, 800_000_000));
            results.put("oneOffs", oneOffStage(api, "http://127.0.0.1:" + platformPort));
            String biggest = million > 0 ? millionStage(api, platform, measured) : mailout;
            costStage(measured, cost);
            if (option("console-mailouts", 1_000) > 0) {
                results.put("console", console(api, "http://127.0.0.1:" + platformPort, platform.process, biggest));
            }
        }
    }

    private Processes.Jvm startSimulator(int port, Path runDir) throws IOException {
        return Processes.start(
                "simulator",
                List.of(
                        "java",
                        "-Dsun.net.httpserver.nodelay=true",
                        "-jar",
                        jar("provider-simulator/target/provider-simulator.jar")),
                Map.of(
                        "SIMULATOR_PORT",
                        Integer.toString(port),
                        "SIMULATOR_HOST",
                        "127.0.0.1",
                        "SIMULATOR_TOKEN",
                        SIMULATOR_TOKEN),
                port,
                runDir.resolve("simulator.log"));
    }

    private Processes.Jvm startPlatform(Database database, int port, int simulatorPort, Path runDir)
            throws IOException {
        return Processes.start(
                "platform",
                platformCommand(),
                database.platformEnvironment(Map.of(
                        "PORT",
                        Integer.toString(port),
                        "PROVIDER_BASE_URL",
                        "http://127.0.0.1:" + simulatorPort,
                        "PROVIDER_TOKEN",
                        SIMULATOR_TOKEN)),
                port,
                runDir.resolve("platform.log"));
    }

    /** The database's own ceiling for appending event-sized rows, which the end-to-end rates are compared with. */
    private Ceiling.Figures ceilingStage(Database database) throws Exception {
        Ceiling.Figures ceiling =
                new Ceiling(database.url, database.user, database.password).measure(Duration.ofSeconds(10));
        results.put(
                "ceiling",
                ordered(
                        "singleRowTransactionsPerSecond",
                        round(ceiling.singleRowsPerSecond()),
                        "batchedRowsPerSecond",
                        round(ceiling.batchedRowsPerSecond()),
                        "connections",
                        8,
                        "batch",
                        100));
        say(
                "ceiling: %.0f rows/s one per transaction, %.0f rows/s in batches of 100",
                ceiling.singleRowsPerSecond(), ceiling.batchedRowsPerSecond());
        return ceiling;
    }

    /** The streamed import of {@code --customers} customers: customers/s. */
    private void importStage(Api api) {
        double imported = importCustomers(api, 0, customers, "bench");
        results.put("import", ordered("customers", customers, "perSecond", round(imported)));
        say("import: %.0f customers/s", imported);
        target("streamed import, customers/s", AT_LEAST, 5_000, imported);
    }

    /** An unmeasured mailout to customers of its own, so that the JIT has compiled the sending path. */
    private void warmUpStage(Api api) throws InterruptedException {
        importCustomers(api, WARM_UP_PHONES, WARM_UP_RECIPIENTS, "warm-up");
        Map<String, Object> warmUp = mailout(api, api, "warm-up", WARM_UP_RECIPIENTS);
        results.put("warmUp", warmUp);
        say("warm-up mailout (not a figure): %s", warmUp);
    }

    /**
     * A mailout to every customer at 0 ms and at 200 ms provider latency: messages/s, also against the database's
     * ceiling. Answers the first mailout's id, whose statistics the API loads read.
     */
    private String endToEndStage(Api provider, MeasuredMailouts measured, Ceiling.Figures ceiling)
            throws InterruptedException {
        List<Map<String, Object>> endToEnd = new ArrayList<>();
        for (int latency : new int[] {0, 200}) {
            provider.put("/simulator/behaviour", "{\"latency\":\"PT" + latency / 1000.0 + "S\"}");
            Map<String, Object> figures = measured.run("end to end at " + latency + " ms", "bench", customers);
            figures.put("providerLatencyMs", latency);
            figures.put(
                    "ratioToSingleRowCeiling",
                    round((Double) figures.get("messagesPerSecond") / ceiling.singleRowsPerSecond(), 3));
            figures.put(
                    "ratioToBatchedCeiling",
                    round((Double) figures.get("messagesPerSecond") / ceiling.batchedRowsPerSecond(), 3));
            endToEnd.add(figures);
            say("end to end at %d ms: %s", latency, figures);
            target(
                    "end-to-end messages/s at " + latency + " ms provider latency",
                    AT_LEAST,
                    latency == 0 ? 5_000 : 4_000,
                    (Double) figures.get("messagesPerSecond"));
        }
        provider.put("/simulator/behaviour", "{}");
        results.put("endToEnd", endToEnd);
        return (String) endToEnd.get(0).get("mailoutId");
    }

    /**
     * A mailout to {@code --million} recipients on the 512 MiB heap: throughput, peak heap and resident memory, then
     * the API loads again. Answers the mailout's id.
     */
    private String millionStage(Api api, Processes.Jvm platform, MeasuredMailouts measured)
            throws InterruptedException {
        platform.watchMemory(api);
        importCustomers(api, customers, million - customers, "bench");
        Map<String, Object> figures = measured.run("the million", "bench", million);
        figures.put("xmx", "512m");
        figures.put("peakHeapMiB", mib(platform.peakHeapBytes()));
        figures.put("peakRssMiB", mib(platform.peakRssBytes()));
        figures.put("rssHighWaterMiB", mib(platform.rssHighWaterBytes()));
        figures.put("platformAlive", platform.process.isAlive());
        results.put("million", figures);
        say("million: %s", figures);
        target("1,000,000-recipient mailout peak heap (MiB, -Xmx512m)", BELOW, 512, mib(platform.peakHeapBytes()));
        results.put("apiAfterMillion", apiLoad(api, (String) figures.get("mailoutId"), apiDuration, 700_000_000));
        return (String) figures.get("mailoutId");
    }

    /** The measured mailouts' cost: per message, row writes by table, the top statements, PostgreSQL's CPU. */
    private void costStage(MeasuredMailouts measured, Cost cost) {
        results.put("perMessage", measured.perMessage);
        results.put("rowWritesByTable", measured.byTable);
        if (cost.statementsUnavailable() == null) {
            results.put("topStatements", measured.topStatements);
        } else {
            results.put("topStatements", cost.statementsUnavailable());
        }
        if (!cost.serverCpuMeasured()) {
            results.put("postgresqlCpu", "not measured: the PostgreSQL server does not run on this machine");
        }
    }

    /** The split topology's scale-out from one sending node to two, unless {@code --scale-out 0}; a failure is reported. */
    private void scaleOutStage(Database database, Path runDir) throws Exception {
        int scaleOut = option("scale-out", 6_000);
        if (scaleOut > 0) {
            try {
                results.put("scaleOut", scaleOut(database, runDir, scaleOut, option("scale-out-in-flight", 50)));
            } catch (RuntimeException failed) {
                // the other stages' figures are still reported; the split topology's logs are in the run's folder
                say("scale-out failed: %s", failed.getMessage());
                results.put("scaleOut", ordered("skipped", "failed: " + failed.getMessage()));
            }
        }
    }

    private boolean keep() {
        return options.getOrDefault("keep", "false").equals("true");
    }

    /**
     * Scale-out: the split topology as {@code scripts/split} starts it (without Kafka and the console) on a database
     * of its own, runs a mailout with two sending nodes and then the same mailout again, to the same customers, with
     * one; the provider answers after 500 ms and each node keeps at most {@code --scale-out-in-flight} (50) attempts
     * in flight, so one node's rate is bounded near that / 0.5 s (100 messages/s, kept below what two shared cores
     * can do, see docs/performance.md), and a second node should nearly double it (target: at least 1.6 times as
     * fast). An unmeasured warm-up mailout at 0 ms over both nodes first lets the JIT compile every service's path; then the
     * mailout runs over both nodes, and again, once the second node is stopped (gently), over the first alone. In
     * this order both runs have warm JVMs: a node started again for a second run would compile its sending path
     * during it (what the other order gave is in docs/performance.md), while the one-node run's only handicap is
     * one more mailout in the store.
     */
    private Map<String, Object> scaleOut(Database database, Path runDir, int recipients, int inFlight)
            throws Exception {
        Database split = database.sibling("split");
        if (split == null) {
            say("scale-out skipped: the split topology needs a PostgreSQL server");
            return ordered("skipped", "the split topology needs a PostgreSQL server (BENCH_JDBC_URL)");
        }
        try (SplitTopology topology = new SplitTopology(
                root,
                runDir.resolve("split"),
                split.url,
                split.user,
                split.password,
                2,
                Map.of(
                        "KAFKA",
                        "off",
                        "CONSOLE",
                        "off",
                        "DELIVERY_MAX_IN_FLIGHT",
                        Integer.toString(inFlight),
                        "JAVA_OPTS",
                        "-Xmx512m"))) {
            say("scale-out: starting the split topology (logs in %s)", topology.dir.resolve("logs"));
            topology.up(Duration.ofMinutes(5));
            Api commands = topology.commandApi();
            Api queries = commands.at(SplitTopology.url(topology.queryPort));
            Api provider = new Api(SplitTopology.url(topology.simulatorPort));
            importCustomers(commands, 0, recipients, "bench");
            importCustomers(commands, WARM_UP_PHONES, SCALE_OUT_WARM_UP, "warm-up");
            mailout(commands, queries, "warm-up", SCALE_OUT_WARM_UP);
            provider.put("/simulator/behaviour", "{\"latency\":\"PT0.5S\"}");
            Map<String, Object> two = scaleOutRun(topology, commands, queries, recipients, 2);
            int unclaimed = split.unclaimedSegments();
            topology.run(Duration.ofMinutes(1), "stop", "sending-2");
            awaitSegmentsClaimed(split, unclaimed);
            Map<String, Object> one = scaleOutRun(topology, commands, queries, recipients, 1);
            double speedUp = (Double) one.get("seconds") / (Double) two.get("seconds");
            say("scale-out: two sending nodes %.2f times as fast as one", speedUp);
            target("scale-out: two sending nodes' speed-up over one (500 ms provider latency)", AT_LEAST, 1.6, speedUp);
            return ordered(
                    "recipients",
                    recipients,
                    "providerLatencyMs",
                    500,
                    "maxInFlightPerNode",
                    inFlight,
                    "runs",
                    List.of(one, two),
                    "speedUp",
                    round(speedUp, 2));
        } finally {
            split.drop(keep());
        }
    }

    /** One scale-out mailout over the first {@code nodes} sending nodes, and how many messages each delivered. */
    private Map<String, Object> scaleOutRun(
            SplitTopology topology, Api commands, Api queries, int recipients, int nodes) throws InterruptedException {
        List<Integer> ports = topology.sendingPorts.subList(0, nodes);
        List<Long> before = ports.stream().map(topology::deliveredBy).toList();
        Map<String, Object> figures = ordered("sendingNodes", nodes);
        figures.putAll(mailout(commands, queries, "bench", recipients));
        List<Long> byNode = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            byNode.add(topology.deliveredBy(ports.get(i)) - before.get(i));
        }
        figures.put("deliveredByNode", byNode);
        say("scale-out with %d sending node(s): %s", nodes, figures);
        return figures;
    }

    /**
     * Waits until the first sending node has claimed the event processors' segments that the stopped one released
     * (a node looks for unclaimed segments every few seconds), so that the one-node run does not start with some of
     * the dispatch saga's segments unprocessed.
     */
    private static void awaitSegmentsClaimed(Database database, int unclaimedBefore) throws InterruptedException {
        long start = System.nanoTime();
        while (database.unclaimedSegments() > unclaimedBefore) {
            if (System.nanoTime() - start > Duration.ofMinutes(1).toNanos()) {
                say("scale-out: segments still unclaimed a minute after the second node stopped");
                return;
            }
            Thread.sleep(500);
        }
        say(
                "scale-out: the first node holds every segment %.1f s after the second stopped",
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * The platform's JVM at -Xmx512m, with {@code --jvm "<options>"} added (e.g. a flight recording). One client's
     * allowance of one-offs is lifted: the one-off stage measures what the node takes, from the one demo sender.
     */
    private List<String> platformCommand() {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(PLATFORM_JVM);
        String extra = options.getOrDefault("jvm", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar("standalone/target/mailing-standalone.jar")));
        return command;
    }

    /**
     * Command-side load at 500 requests/s, query-side load from 8 callers; p99 targets checked. First the query
     * projections work off what the mailouts left them (the APIs are measured on a platform at rest, not while it
     * catches up), and each load is warmed up, unmeasured, so that the JIT has compiled its path: the command path's
     * latency falls for a minute or two of load on a fresh JVM.
     */
    private List<Latencies> apiLoad(Api api, String mailout, Duration duration, int phoneBase)
            throws InterruptedException {
        awaitProjections(api);
        Latencies commands = Load.atRate(
                "POST /api/v1/customers at 500/s", api, registration(phoneBase), 500, COMMAND_WARM_UP, duration);
        Latencies stats = Load.closed(
                "GET /api/v1/stats, 8 callers",
                api,
                i -> new Load.Call("GET", "/api/v1/stats", null),
                8,
                QUERY_WARM_UP,
                duration);
        Latencies detail = Load.closed(
                "GET /api/v1/stats/mailouts/{id}, 8 callers",
                api,
                i -> new Load.Call("GET", "/api/v1/stats/mailouts/" + mailout, null),
                8,
                QUERY_WARM_UP,
                duration);
        List<Latencies> all = List.of(commands, stats, detail);
        all.forEach(l -> say(
                "%s: %.0f req/s, p50 %.1f ms, p99 %.1f ms, %d errors",
                l.name(), l.perSecond(), l.p50(), l.p99(), l.errors()));
        String when = phoneBase >= 700_000_000 ? " after the 1,000,000-recipient mailout" : "";
        target("command API p99 (ms) at 500 requests/s" + when, BELOW, 50, commands.p99());
        target("GET /api/v1/stats p99 (ms)" + when, BELOW, 20, stats.p99());
        target("GET /api/v1/stats/mailouts/{id} p99 (ms)" + when, BELOW, 20, detail.p99());
        return all;
    }

    /**
     * The same loads as {@link #apiLoad}, both at once, while a mailout to every customer runs at full speed (provider
     * latency 0 ms): they start once it has sent its first thousand messages, and the figures say whether it was
     * still running when they ended. The command path is warm by now (the loads before), so each warms up briefly.
     */
    private Map<String, Object> apiDuringMailout(Api api, int recipients, Duration duration, int phoneBase)
            throws Exception {
        awaitProjections(api);
        ExecutorService loads = Executors.newFixedThreadPool(2);
        try {
            long sentBefore = sent(api);
            Future<Map<String, Object>> mailout = loads.submit(() -> mailout(api, api, "bench", recipients));
            awaitSent(api, sentBefore + 1_000, mailout);
            Future<Latencies> commands = loads.submit(() -> Load.atRate(
                    "POST /api/v1/customers at 500/s while a mailout runs",
                    api,
                    registration(phoneBase),
                    500,
                    QUERY_WARM_UP,
                    duration));
            Latencies stats = Load.closed(
                    "GET /api/v1/stats, 8 callers, while a mailout runs",
                    api,
                    i -> new Load.Call("GET", "/api/v1/stats", null),
                    8,
                    QUERY_WARM_UP,
                    duration);
            Latencies registrations = commands.get();
            boolean runningThroughout = !mailout.isDone();
            Map<String, Object> figures = ordered(
                    "loads",
                    List.of(registrations, stats),
                    "mailout",
                    mailout.get(),
                    "mailoutRunningThroughout",
                    runningThroughout);
            for (Latencies l : List.of(registrations, stats)) {
                say(
                        "%s: %.0f req/s, p50 %.1f ms, p99 %.1f ms, %d errors",
                        l.name(), l.perSecond(), l.p50(), l.p99(), l.errors());
            }
            say("mailout under the loads: %s (running throughout: %s)", figures.get("mailout"), runningThroughout);
            target("command API p99 (ms) at 500 requests/s while a mailout runs", BELOW, 50, registrations.p99());
            target("GET /api/v1/stats p99 (ms), 8 callers, while a mailout runs", BELOW, 20, stats.p99());
            return figures;
        } finally {
            loads.shutdownNow();
        }
    }

    /** The rates one-off messages are sent at, one step after the other, until the acceptance's p99 reaches 50 ms. */
    private static final List<Integer> ONE_OFF_RATES = List.of(100, 200, 300, 400, 500);

    /**
     * One-off messages as an application sends them (the demo {@code sender}, a SENDER): {@code POST
     * /api/v1/messages}, each to a phone of its own with an {@code Idempotency-Key} of its own, at 100, 200, …
     * requests/s for {@code --api-seconds} each (after a warm-up at the first rate), until the acceptance's (202) p99
     * reaches 50 ms; after each step, the time until every one-off is final gives their rate end to end (from the
     * step's first request to the last final message). The figure: the highest rate whose p99 stayed below 50 ms.
     */
    private Map<String, Object> oneOffStage(Api api, String base) throws InterruptedException {
        Api sender = new Api(base).login("sender", "sender");
        Load.atRate("warm-up", sender, oneOff("warm-up"), ONE_OFF_RATES.get(0), QUERY_WARM_UP, Duration.ZERO);
        awaitOneOffsFinal(api);
        List<Map<String, Object>> steps = new ArrayList<>();
        int highestBelowTarget = 0;
        for (int rate : ONE_OFF_RATES) {
            long before = oneOffs(api).path("total").asLong();
            long start = System.nanoTime();
            Latencies accepted = Load.atRate(
                    "POST /api/v1/messages at " + rate + "/s (one-offs)",
                    sender,
                    oneOff("at-" + rate),
                    rate,
                    Duration.ZERO,
                    apiDuration);
            awaitOneOffsFinal(api);
            double seconds = (System.nanoTime() - start) / 1e9;
            long messages = oneOffs(api).path("total").asLong() - before;
            say(
                    "%s: %.0f req/s, p50 %.1f ms, p99 %.1f ms, %d errors; %d one-offs final in %.1f s: %.0f/s end to"
                            + " end",
                    accepted.name(),
                    accepted.perSecond(),
                    accepted.p50(),
                    accepted.p99(),
                    accepted.errors(),
                    messages,
                    seconds,
                    messages / seconds);
            steps.add(ordered(
                    "accepted",
                    accepted,
                    "messages",
                    messages,
                    "secondsToFinal",
                    Math.round(seconds * 10) / 10.0,
                    "endToEndPerSecond",
                    Math.round(messages / seconds)));
            if (accepted.p99() >= 50 || accepted.errors() > 0) {
                break;
            }
            highestBelowTarget = rate;
        }
        say("one-offs: %d/s accepted with a p99 below 50 ms", highestBelowTarget);
        return ordered(
                "acceptedPerSecondAtP99Below50Ms",
                highestBelowTarget,
                "sent",
                oneOffs(api).path("byStatus").path("SENT").asLong(),
                "steps",
                steps);
    }

    /** The n-th one-off of a step: a phone and a key of its own, so that no request of the stage repeats another. */
    private static IntFunction<Load.Call> oneOff(String step) {
        int base = 600_000_000 + Math.floorMod(step.hashCode(), 100) * 1_000_000;
        return i -> new Load.Call(
                "POST",
                "/api/v1/messages",
                "{\"to\":\"7" + (base + i % 1_000_000) + "00\",\"text\":\"Your code is " + (i % 1_000_000) + "\"}",
                "one-off-" + step + "-" + i);
    }

    private static JsonNode oneOffs(Api api) {
        return api.get("/api/v1/stats").at("/transactional/messages");
    }

    /** Waits until no one-off is pending (queued, deferred or retrying). */
    private static void awaitOneOffsFinal(Api api) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode byStatus = oneOffs(api).path("byStatus");
            if (byStatus.path("QUEUED").asLong()
                            + byStatus.path("DEFERRED").asLong()
                            + byStatus.path("RETRYING").asLong()
                    == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("One-off messages still pending after " + PATIENCE);
    }

    /** Waits until the platform has sent {@code sent} messages in all (or the mailout's run has failed). */
    private static void awaitSent(Api api, long sent, Future<?> mailout) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (mailout.isDone()) {
                mailout.get();
                return;
            }
            if (sent(api) >= sent) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Not " + sent + " messages sent within " + PATIENCE);
    }

    /** Messages sent so far, over all mailouts. */
    private static long sent(Api api) {
        return api.get("/api/v1/stats").at("/totals/messages/byStatus/SENT").asLong();
    }

    /** Registrations of new customers, tagged so that no mailout of the bench reaches them. */
    private static IntFunction<Load.Call> registration(int phoneBase) {
        return i -> new Load.Call(
                "POST",
                "/api/v1/customers",
                "{\"phone\":\"7" + (phoneBase + i) + "00\",\"operatorCode\":\"999\",\"tags\":[\"load\"],"
                        + "\"timeZone\":\"UTC\"}");
    }

    /**
     * The console of the same platform (served by it, as in standalone): {@code --console-mailouts} more mailouts in
     * the store (1,000, scheduled a week ahead, so they send nothing), then each main page rendered one after the
     * other by a signed-in session, its p99 against 100 ms; then the platform's CPU time while twenty open dashboards
     * (signed in and rendered before, then polling for a warm-up) ask for their live parts as often as the page says,
     * against the same time without them: the difference, in per cent of one core, against 5 %.
     */
    private Map<String, Object> console(Api api, String base, Process platform, String mailout)
            throws InterruptedException {
        int mailouts = option("console-mailouts", 1_000);
        Instant startAt = Instant.now().plus(Duration.ofDays(7));
        for (int i = 0; i < mailouts; i++) {
            api.post(
                    "/api/v1/mailouts",
                    String.format(
                            "{\"text\":\"Console %d\",\"startAt\":\"%s\",\"endAt\":\"%s\","
                                    + "\"filter\":{\"tags\":[\"console-bench\"]}}",
                            i, startAt, startAt.plus(Duration.ofHours(1))));
        }
        awaitProjections(api);
        ConsoleLoad console = new ConsoleLoad(base, "admin", "admin");
        List<Latencies> pages = new ArrayList<>();
        for (String path : List.of(
                "/",
                "/mailouts",
                "/mailouts?status=SCHEDULED&page=40",
                "/mailouts/" + mailout,
                "/mailouts/" + mailout + "/progress",
                "/customers",
                "/audit?kind=mailouts&id=" + mailout)) {
            Latencies page = console.renders(path, 50, 500);
            pages.add(page);
            say("console %s: p50 %.1f ms, p99 %.1f ms", path, page.p50(), page.p99());
            target("console GET " + path.replace(mailout, "{id}") + " p99 (ms)", BELOW, 100, page.p99());
        }
        int dashboards = 20;
        Duration window = Duration.ofSeconds(option("dashboard-seconds", 60));
        if (window.isZero()) {
            return ordered("mailoutsAdded", mailouts, "pages", pages);
        }
        double idle = cpuPercent(platform, () -> Thread.sleep(window.toMillis()));
        ConsoleLoad.Dashboards open = console.dashboards(dashboards);
        open.poll(DASHBOARD_WARM_UP);
        long[] polls = new long[2];
        double busy = cpuPercent(platform, () -> System.arraycopy(open.poll(window), 0, polls, 0, 2));
        say(
                "console: %d dashboards, %d requests (%d failed), platform CPU %.1f %% of a core (%.1f %% without them)",
                dashboards, polls[0], polls[1], busy, idle);
        target("twenty open console dashboards (% of a core)", BELOW, 5, busy - idle);
        return ordered(
                "mailoutsAdded",
                mailouts,
                "pages",
                pages,
                "dashboards",
                ordered(
                        "sessions",
                        dashboards,
                        "seconds",
                        window.toSeconds(),
                        "requests",
                        polls[0],
                        "errors",
                        polls[1],
                        "platformCpuPercentOfACoreWithout",
                        round(idle, 2),
                        "platformCpuPercentOfACoreWith",
                        round(busy, 2),
                        "costPercentOfACore",
                        round(busy - idle, 2)));
    }

    /** The share of one core a process used while {@code work} ran, in per cent. */
    private static double cpuPercent(Process process, Work work) throws InterruptedException {
        long cpuBefore = cpuNanos(process);
        long start = System.nanoTime();
        work.run();
        return 100.0 * (cpuNanos(process) - cpuBefore) / (System.nanoTime() - start);
    }

    private static long cpuNanos(Process process) {
        return process.toHandle()
                .info()
                .totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("This system does not tell a process's CPU time"))
                .toNanos();
    }

    /** A stretch of the benchmark whose CPU cost is measured. */
    private interface Work {
        void run() throws InterruptedException;
    }

    /** Waits until every query projection has read the whole event stream; reports how long that took. */
    private void awaitProjections(Api api) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode projections = api.get("/api/v1/admin/projections");
            boolean caughtUp = true;
            for (JsonNode projection : projections) {
                caughtUp &= projection.path("caughtUp").asBoolean()
                        && projection.path("position").asLong()
                                >= projection.path("head").asLong();
            }
            if (caughtUp) {
                say("projections caught up after %.1f s", (System.nanoTime() - start) / 1e9);
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The query projections did not catch up within " + PATIENCE);
    }

    /**
     * Imports customers {@code from} … {@code from + count - 1} through the streamed import, as CSV generated while
     * it is sent (at most {@value #IMPORT_STREAM_ROWS} rows per request, one request at a time); customers/s.
     */
    private double importCustomers(Api api, int from, int count, String tag) {
        long start = System.nanoTime();
        for (int offset = from; offset < from + count; offset += IMPORT_STREAM_ROWS) {
            int first = offset;
            int last = Math.min(offset + IMPORT_STREAM_ROWS, from + count);
            JsonNode answer =
                    api.post("/api/v1/customers/import/stream", "text/csv", () -> new CsvRows(first, last, tag));
            if (answer.path("accepted").asInt() != last - first) {
                throw new IllegalStateException("Import refused rows: " + answer);
            }
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * The measured mailouts of the standalone platform: each one's figures, and its cost per message ({@link Cost})
     * from just before it is created until its messages are final and the query projections have caught up.
     */
    private final class MeasuredMailouts {

        final List<Map<String, Object>> perMessage = new ArrayList<>();
        final List<Map<String, Object>> topStatements = new ArrayList<>();
        final List<Map<String, Object>> byTable = new ArrayList<>();
        private final Api api;
        private final Cost cost;
        private final Processes.Jvm platform;
        private final Processes.Jvm simulator;

        MeasuredMailouts(Api api, Cost cost, Processes.Jvm platform, Processes.Jvm simulator) {
            this.api = api;
            this.cost = cost;
            this.platform = platform;
            this.simulator = simulator;
        }

        /** Runs one measured mailout to every customer with the tag: its figures; its cost goes to the tables. */
        Map<String, Object> run(String stage, String tag, int recipients) throws InterruptedException {
            Cost.Window window = cost.start(platform, simulator);
            Map<String, Object> figures = mailout(api, api, tag, recipients);
            awaitProjections(api);
            Map<String, Object> row = window.finish(stage, recipients, byTable, topStatements);
            perMessage.add(row);
            say("per message, %s: %s", stage, row);
            target("row writes per message, " + stage, AT_MOST, Cost.ROW_WRITES_TARGET, (Double) row.get("rowWrites"));
            if (row.get("cpuMsWithoutSimulator") instanceof Double cpu) {
                target("CPU ms per message without the simulator, " + stage, AT_MOST, Cost.CPU_MS_TARGET, cpu);
            }
            return figures;
        }
    }

    /**
     * Runs one mailout to every customer with the tag and waits until the query side has every message final. The
     * command and query APIs are one platform's in standalone, two services in the split topology.
     */
    private Map<String, Object> mailout(Api commands, Api queries, String tag, int recipients)
            throws InterruptedException {
        Instant now = Instant.now();
        String id = commands.post(
                        "/api/v1/mailouts",
                        String.format(
                                "{\"text\":\"Benchmark\",\"startAt\":\"%s\",\"endAt\":\"%s\",\"filter\":{\"tags\":[\"%s\"]}}",
                                now, now.plus(Duration.ofHours(6)), tag))
                .path("id")
                .asText();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode stats = null;
        long lastReport = 0;
        while (System.nanoTime() < deadline) {
            try {
                stats = queries.get("/api/v1/stats/mailouts/" + id);
            } catch (RuntimeException notYetKnown) {
                stats = null;
            }
            if (stats != null) {
                JsonNode byStatus = stats.at("/messages/byStatus");
                long finished = byStatus.path("SENT").asLong()
                        + byStatus.path("FAILED").asLong()
                        + byStatus.path("EXPIRED").asLong()
                        + byStatus.path("CANCELLED").asLong();
                if (finished >= recipients
                        && "COMPLETED".equals(stats.path("status").asText())) {
                    break;
                }
                if (System.nanoTime() - lastReport > 10_000_000_000L) {
                    lastReport = System.nanoTime();
                    say("  mailout %s: %d of %d final", id, finished, recipients);
                }
            }
            Thread.sleep(500);
        }
        if (stats == null || !"COMPLETED".equals(stats.path("status").asText())) {
            throw new IllegalStateException("Mailout " + id + " did not complete: " + stats);
        }
        Instant started = Instant.parse(stats.path("startedAt").asText());
        Instant lastFinished = Instant.parse(stats.path("lastFinishedAt").asText());
        double seconds = Duration.between(started, lastFinished).toMillis() / 1000.0;
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("mailoutId", id);
        figures.put("messages", stats.at("/messages/total").asLong());
        figures.put("sent", stats.at("/messages/byStatus/SENT").asLong());
        figures.put("seconds", seconds);
        figures.put("messagesPerSecond", round(recipients / seconds));
        return figures;
    }

    private void target(String name, String comparison, double goal, double actual) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("target", name);
        row.put(
                "goal",
                comparison + " " + (goal == Math.rint(goal) ? Long.toString((long) goal) : Double.toString(goal)));
        row.put("actual", actual < 10 ? round(actual, 3) : round(actual, 1));
        row.put(
                "met",
                switch (comparison) {
                    case AT_LEAST -> actual >= goal;
                    case AT_MOST -> actual <= goal;
                    default -> actual < goal;
                });
        targets.add(row);
    }

    private String jar(String relative) {
        Path jar = root.resolve(relative);
        if (!Files.exists(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: build with scripts/bench (or ./mvnw -q package -DskipTests)");
        }
        return jar.toString();
    }

    /** A map of these keys and values, in this order (for the report's columns). */
    public static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    public static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    private static double mib(long bytes) {
        return round(bytes / 1024.0 / 1024.0);
    }

    static void say(String format, Object... args) {
        System.out.printf("[bench %s] %s%n", Instant.now().toString().substring(11, 19), String.format(format, args));
    }
}

package io.mailing.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The processes under test: a JVM started from a jar, its output in a file, its memory watched. */
final class Processes {

    private Processes() {}

    /** A started JVM. */
    static final class Jvm implements AutoCloseable {

        private static final Pattern HEAP_USED =
                Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.E+]+)");

        final String name;
        final Process process;
        final int port;
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        private final AtomicLong peakHeap = new AtomicLong();
        private final AtomicLong peakRss = new AtomicLong();

        Jvm(String name, Process process, int port) {
            this.name = name;
            this.process = process;
            this.port = port;
        }

        /** Samples heap in use (from its Prometheus metrics) and resident memory every 500 ms from now on. */
        void watchMemory(Api metrics) {
            peakHeap.set(0);
            peakRss.set(0);
            sampler.scheduleAtFixedRate(
                    () -> {
                        try {
                            Matcher matcher = HEAP_USED.matcher(metrics.text("/actuator/prometheus"));
                            long heap = 0;
                            while (matcher.find()) {
                                heap += (long) Double.parseDouble(matcher.group(1));
                            }
                            peakHeap.accumulateAndGet(heap, Math::max);
                            peakRss.accumulateAndGet(rss(), Math::max);
                        } catch (RuntimeException e) {
                            // a missed sample; the next one counts
                        }
                    },
                    0,
                    500,
                    TimeUnit.MILLISECONDS);
        }

        long peakHeapBytes() {
            return peakHeap.get();
        }

        long peakRssBytes() {
            return peakRss.get();
        }

        /** The kernel's high-water mark of the process's resident memory, over its whole life. */
        long rssHighWaterBytes() {
            return status("VmHWM");
        }

        private long rss() {
            return status("VmRSS");
        }

        private long status(String field) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                    if (line.startsWith(field + ":")) {
                        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                    }
                }
            } catch (IOException e) {
                // not Linux, or gone
            }
            return -1;
        }

        @Override
        public void close() {
            sampler.shutdownNow();
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    static Jvm start(String name, List<String> command, Map<String, String> environment, int port, Path log)
            throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Jvm jvm = new Jvm(name, builder.start(), port);
        Runtime.getRuntime().addShutdownHook(new Thread(jvm.process::destroyForcibly));
        return jvm;
    }

    /** Waits until the URL answers 200, or fails when the process ends or the time is up. */
    static void awaitReady(Jvm jvm, Api api, String path, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!jvm.process.isAlive()) {
                throw new IllegalStateException(jvm.name + " stopped with status " + jvm.process.exitValue());
            }
            try {
                api.get(path);
                return;
            } catch (RuntimeException notYet) {
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException(jvm.name + " not ready within " + timeout);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.mailing.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One line of {@code /proc/<pid>/stat}: a process's CPU time so far, in clock ticks (utime + stime: all its threads,
 * those that ended included), and that of its children it has waited for (cutime + cstime). Linux only; elsewhere
 * every read is empty and the report says the CPU figures are unavailable.
 */
record ProcStat(long pid, long parent, String command, long startTicks, long cpuTicks, long reapedChildrenTicks) {

    /** Clock ticks per second ({@code getconf CLK_TCK}); 100 on every Linux this runs on, asked once. */
    static final long TICKS_PER_SECOND = ticksPerSecond();

    /** This process's line, or empty when it has ended (or this is not Linux). */
    static Optional<ProcStat> read(long pid) {
        try {
            return Optional.of(parse(pid, Files.readString(Path.of("/proc/" + pid + "/stat"))));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    /**
     * Its command line as {@code ps} shows it: for a PostgreSQL process the title the server gives it ("postgres:
     * 15/main: postgres bench_x 127.0.0.1(5432) idle"), which names the database a backend serves.
     */
    static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ')
                    .trim();
        } catch (IOException gone) {
            return "";
        }
    }

    /** Milliseconds of CPU in a number of clock ticks. */
    static double millis(long ticks) {
        return ticks * 1000.0 / TICKS_PER_SECOND;
    }

    /** The fields after the command (which is in parentheses and may hold spaces): field n is at index n - 3. */
    static ProcStat parse(long pid, String line) {
        String command = line.substring(line.indexOf('(') + 1, line.lastIndexOf(')'));
        String[] fields = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
        return new ProcStat(
                pid,
                Long.parseLong(fields[4 - 3]),
                command,
                Long.parseLong(fields[22 - 3]),
                Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]),
                Long.parseLong(fields[16 - 3]) + Long.parseLong(fields[17 - 3]));
    }

    private static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            String answer = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return getconf.waitFor() == 0 ? Long.parseLong(answer) : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}

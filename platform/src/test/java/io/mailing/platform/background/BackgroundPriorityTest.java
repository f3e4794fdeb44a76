package io.mailing.platform.background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class BackgroundPriorityTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void aBackgroundThreadRunsItsTaskAtTheNiceValueGivenAboveTheProcesss() throws Exception {
        int process = niceOfCurrentThread();
        CompletableFuture<Integer> seen = new CompletableFuture<>();

        BackgroundPriority.of(10)
                .newThread("background", () -> seen.complete(niceOfCurrentThread()))
                .start();

        assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(Math.min(19, process + 10));
        assertThat(niceOfCurrentThread()).as("the caller's priority").isEqualTo(process);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void threadsStartedByABackgroundThreadInheritItsPriority() throws Exception {
        int process = niceOfCurrentThread();
        CompletableFuture<Integer> seen = new CompletableFuture<>();

        BackgroundPriority.of(5)
                .newThread("background", () -> new Thread(() -> seen.complete(niceOfCurrentThread())).start())
                .start();

        assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(Math.min(19, process + 5));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aPoolsThreadsAreDaemonsNamedInTurnAtTheBackgroundPriority() throws Exception {
        int process = niceOfCurrentThread();
        CompletableFuture<Integer> seen = new CompletableFuture<>();

        Thread first = BackgroundPriority.of(3).threads("pool").newThread(() -> seen.complete(niceOfCurrentThread()));
        first.start();

        assertThat(first.getName()).isEqualTo("pool-1");
        assertThat(first.isDaemon()).isTrue();
        assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(Math.min(19, process + 3));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void zeroLeavesEveryThreadAsItIs() throws Exception {
        int process = niceOfCurrentThread();
        CompletableFuture<Integer> seen = new CompletableFuture<>();

        BackgroundPriority off = BackgroundPriority.of(0);
        off.newThread("same", () -> seen.complete(niceOfCurrentThread())).start();

        assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(process);
        assertThat(off.lowers()).isFalse();
        assertThat(BackgroundPriority.of(10).lowers()).isTrue();
    }

    @Test
    void refusesANiceValueOutsideZeroToNineteen() {
        assertThatThrownBy(() -> BackgroundPriority.of(20)).hasMessageContaining("between 0 and 19: 20");
        assertThatThrownBy(() -> BackgroundPriority.of(-1)).hasMessageContaining("between 0 and 19: -1");
    }

    /** Field 19 of /proc/thread-self/stat, counted after the command name in parentheses (field 2). */
    static int niceOfCurrentThread() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[19 - 3]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.mailing.platform.background;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackgroundLoopTest {

    private static final Duration LONG = Duration.ofHours(1);

    private final CountDownLatch working = new CountDownLatch(1);
    private final CompletableFuture<String> ended = new CompletableFuture<>();

    /** A loop whose work is a step given by the test. */
    private final class Loop extends BackgroundLoop {

        private final Step step;

        Loop(Step step) {
            super("test-loop", 0, BackgroundPriority.off());
            this.step = step;
        }

        @Override
        protected void run() {
            working.countDown();
            try {
                step.run(this);
            } catch (InterruptedException e) {
                ended.complete("interrupted");
            }
        }

        Loop started() throws InterruptedException {
            start();
            working.await(10, TimeUnit.SECONDS);
            return this;
        }
    }

    private interface Step {
        void run(Loop loop) throws InterruptedException;
    }

    @Test
    void aStopCutsAPauseShortAndWaitsForTheWorkToEnd() throws Exception {
        Loop loop = new Loop(self -> {
                    while (self.pause(LONG)) {
                        // a step of work
                    }
                    ended.complete(Thread.currentThread().getName());
                })
                .started();
        assertThat(loop.isRunning()).isTrue();

        loop.stop();

        assertThat(ended).isCompletedWithValue("test-loop");
        assertThat(loop.isRunning()).isFalse();
    }

    @Test
    void aStopLetsTheStepUnderWayFinishUninterrupted() throws Exception {
        Loop loop = new Loop(self -> {
                    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                    ended.complete(Thread.currentThread().isInterrupted() ? "interrupted" : "finished");
                })
                .started();

        loop.stop();

        assertThat(ended).isCompletedWithValue("finished");
    }

    @Test
    void anInterruptingStopEndsWorkThatBlocksElsewhere() throws Exception {
        Semaphore never = new Semaphore(0);
        Loop loop = new Loop(self -> never.acquire()).started();

        loop.interruptAndStop();

        assertThat(ended).isCompletedWithValue("interrupted");
        assertThat(loop.isRunning()).isFalse();
    }

    @Test
    void aPauseLastsItsTimeWhileTheLoopRuns() throws Exception {
        Loop loop = new Loop(self -> ended.complete("paused, running: " + self.pause(Duration.ofMillis(50)))).started();

        assertThat(ended.get(10, TimeUnit.SECONDS)).isEqualTo("paused, running: true");
        loop.stop();
    }
}

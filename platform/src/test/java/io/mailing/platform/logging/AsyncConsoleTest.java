package io.mailing.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncConsoleTest {

    private final LoggerContext context = new LoggerContext();
    private final CountDownLatch readerCatchesUp = new CountDownLatch(1);
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        readerCatchesUp.countDown();
        context.stop();
    }

    @Test
    void aLineIsHandedOverWithoutWaitingForALaggingReaderAndNoneIsLostOrReordered() throws Exception {
        console();
        AsyncConsole.wrap(context);
        Logger log = context.getLogger("test");

        CompletableFuture<Void> logging =
                CompletableFuture.runAsync(() -> IntStream.range(0, 100).forEach(i -> log.info("line {}", i)));

        logging.get(5, TimeUnit.SECONDS);
        readerCatchesUp.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> lines().size() == 100);
        assertThat(lines())
                .containsExactlyElementsOf(
                        IntStream.range(0, 100).mapToObj(i -> "line " + i).toList());
    }

    @Test
    void wrapsTheConsoleOnce() {
        console();

        AsyncConsole.wrap(context);
        AsyncConsole.wrap(context);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender(AsyncConsole.CONSOLE)).isNull();
        assertThat(root.getAppender("ASYNC_" + AsyncConsole.CONSOLE)).isNotNull();
    }

    /** A console appender named as Spring Boot names it, whose reader lags until the test lets it catch up. */
    private void console() {
        context.setMDCAdapter(new LogbackMDCAdapter());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        OutputStreamAppender<ILoggingEvent> console = new OutputStreamAppender<>();
        console.setName(AsyncConsole.CONSOLE);
        console.setContext(context);
        console.setEncoder(encoder);
        console.setOutputStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                try {
                    readerCatchesUp.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                synchronized (written) {
                    written.write(bytes, offset, length);
                }
            }
        });
        console.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(console);
    }

    private List<String> lines() {
        synchronized (written) {
            return written.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }
}

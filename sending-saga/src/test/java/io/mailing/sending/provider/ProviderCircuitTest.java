package io.mailing.sending.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mailing.events.message.ErrorKind;
import io.mailing.sending.message.AttemptResult;
import io.mailing.sending.message.AttemptResult.Delivered;
import io.mailing.sending.message.AttemptResult.Failed;
import io.mailing.sending.provider.ProviderCircuit.Settings;
import io.mailing.sending.provider.ProviderCircuit.State;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

class ProviderCircuitTest {

    private static final String PROVIDER = "probe";
    private static final Duration OPEN = Duration.ofSeconds(10);
    private static final Duration MAX_OPEN = Duration.ofSeconds(40);
    private static final Duration CREDENTIALS_RETRY = Duration.ofSeconds(60);
    private static final Settings SETTINGS = new Settings(3, OPEN, MAX_OPEN, CREDENTIALS_RETRY);

    private static final AttemptResult DELIVERED = new Delivered();
    private static final AttemptResult TIMED_OUT = failed(ErrorKind.TIMEOUT);
    private static final AttemptResult REFUSED = new Failed(ErrorKind.UNAUTHORIZED, "HTTP 401: token expired", null);

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-03-01T10:00:00Z"));
    private final InstantSource clock = now::get;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(CircuitLog.class);
    private final ProviderCircuit circuit = new ProviderCircuit(PROVIDER, SETTINGS, clock, registry);

    private static Failed failed(ErrorKind kind) {
        return new Failed(kind, kind + " detail", null);
    }

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    private void pass(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    /** One attempt through the circuit; fails the test if the circuit refuses it. */
    private void attempt(AttemptResult result) {
        assertThat(circuit.tryAcquirePermission())
                .as("permission for an attempt")
                .isTrue();
        circuit.onResult(result);
    }

    private void open() {
        for (int i = 0; i < SETTINGS.failureThreshold(); i++) {
            attempt(TIMED_OUT);
        }
        assertThat(circuit.state()).isEqualTo(State.OPEN);
    }

    private void suspend() {
        attempt(REFUSED);
        assertThat(circuit.state()).isEqualTo(State.SUSPENDED);
    }

    private double gauge() {
        return registry.get("mailing.provider.circuit.state")
                .tag("provider", PROVIDER)
                .gauge()
                .value();
    }

    private double credentialsRejected() {
        return registry.get("mailing.provider.credentials.rejected")
                .tag("provider", PROVIDER)
                .counter()
                .count();
    }

    private List<String> logged(Level level) {
        return logs.list.stream()
                .filter(event -> event.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    static Stream<AttemptResult> unwell() {
        return Stream.of(
                        ErrorKind.TIMEOUT,
                        ErrorKind.CONNECTION_FAILED,
                        ErrorKind.SERVER_ERROR,
                        ErrorKind.RATE_LIMITED,
                        ErrorKind.MALFORMED_RESPONSE)
                .map(ProviderCircuitTest::failed);
    }

    static Stream<AttemptResult> up() {
        return Stream.of(DELIVERED, failed(ErrorKind.PROVIDER_REJECTED), failed(ErrorKind.CLIENT_ERROR));
    }

    @Test
    void letsEverythingThroughWhileClosed() {
        for (int i = 0; i < 100; i++) {
            attempt(i % 2 == 0 ? DELIVERED : TIMED_OUT);
        }

        assertThat(circuit.state()).isEqualTo(State.CLOSED);
        assertThat(gauge()).isZero();
    }

    @ParameterizedTest
    @MethodSource("unwell")
    void opensAfterConsecutiveFailures(AttemptResult failure) {
        attempt(failure);
        attempt(failure);
        assertThat(circuit.state()).isEqualTo(State.CLOSED);

        attempt(failure);

        assertThat(circuit.state()).isEqualTo(State.OPEN);
        assertThat(circuit.tryAcquirePermission()).isFalse();
        assertThat(gauge()).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("up")
    void startsCountingAgainAfterAnAnswerThatShowsTheProviderUp(AttemptResult up) {
        attempt(TIMED_OUT);
        attempt(TIMED_OUT);
        attempt(up);
        attempt(TIMED_OUT);
        attempt(TIMED_OUT);
        assertThat(circuit.state()).isEqualTo(State.CLOSED);

        attempt(TIMED_OUT);

        assertThat(circuit.state()).isEqualTo(State.OPEN);
    }

    @Test
    void refusesWhileOpenUntilTheOpenDurationHasPassed() {
        open();

        pass(OPEN.minusMillis(1));
        assertThat(circuit.tryAcquirePermission()).isFalse();
        assertThat(circuit.state()).isEqualTo(State.OPEN);

        pass(Duration.ofMillis(1));
        assertThat(circuit.state()).isEqualTo(State.HALF_OPEN);
        assertThat(gauge()).isEqualTo(1);
        assertThat(circuit.tryAcquirePermission()).isTrue();
    }

    @Test
    void letsExactlyOneProbeThroughWhenHalfOpen() {
        open();
        pass(OPEN);

        assertThat(circuit.tryAcquirePermission()).isTrue();

        assertThat(IntStream.range(0, 10).mapToObj(i -> circuit.tryAcquirePermission()))
                .containsOnly(false);
        assertThat(circuit.state()).isEqualTo(State.HALF_OPEN);
    }

    @ParameterizedTest
    @MethodSource("up")
    void closesWhenTheProbeShowsTheProviderUp(AttemptResult up) {
        open();
        pass(OPEN);

        attempt(up);

        assertThat(circuit.state()).isEqualTo(State.CLOSED);
        assertThat(IntStream.range(0, 10).mapToObj(i -> circuit.tryAcquirePermission()))
                .containsOnly(true);
    }

    @ParameterizedTest
    @MethodSource("unwell")
    void reopensWhenTheProbeFails(AttemptResult failure) {
        open();
        pass(OPEN);

        attempt(failure);

        assertThat(circuit.state()).isEqualTo(State.OPEN);
        assertThat(circuit.tryAcquirePermission()).isFalse();
    }

    @Test
    void doublesTheOpenDurationAfterEachFailedProbeUpToTheMaximum() {
        open();
        List<Duration> openFor = new ArrayList<>();
        for (int probe = 0; probe < 4; probe++) {
            Duration waited = Duration.ZERO;
            while (!circuit.tryAcquirePermission()) {
                pass(Duration.ofSeconds(1));
                waited = waited.plusSeconds(1);
            }
            openFor.add(waited);
            circuit.onResult(TIMED_OUT);
        }

        assertThat(openFor).containsExactly(OPEN, OPEN.multipliedBy(2), OPEN.multipliedBy(4), MAX_OPEN);
    }

    @Test
    void startsAgainFromTheOpenDurationOnceClosed() {
        open();
        pass(OPEN);
        attempt(TIMED_OUT);
        pass(OPEN.multipliedBy(2));
        attempt(DELIVERED);

        open();

        pass(OPEN.minusMillis(1));
        assertThat(circuit.tryAcquirePermission()).isFalse();
        pass(Duration.ofMillis(1));
        attempt(TIMED_OUT);
        pass(OPEN.multipliedBy(2).minusMillis(1));
        assertThat(circuit.tryAcquirePermission()).isFalse();
        pass(Duration.ofMillis(1));
        assertThat(circuit.tryAcquirePermission()).isTrue();
    }

    @Test
    void startsAgainFromTheOpenDurationAfterASuspension() {
        open();
        pass(OPEN);
        attempt(TIMED_OUT);
        pass(OPEN.multipliedBy(2));
        attempt(REFUSED);
        pass(CREDENTIALS_RETRY);
        attempt(TIMED_OUT);

        pass(OPEN.minusMillis(1));
        assertThat(circuit.tryAcquirePermission()).isFalse();
        pass(Duration.ofMillis(1));
        attempt(TIMED_OUT);
        pass(OPEN.multipliedBy(2));
        assertThat(circuit.tryAcquirePermission()).isTrue();
    }

    @Test
    void ignoresResultsOfAttemptsStartedBeforeItOpened() {
        assertThat(circuit.tryAcquirePermission()).isTrue();
        assertThat(circuit.tryAcquirePermission()).isTrue();
        open();

        pass(OPEN.minusSeconds(1));
        circuit.onResult(DELIVERED);
        assertThat(circuit.state()).isEqualTo(State.OPEN);
        circuit.onResult(TIMED_OUT);

        pass(Duration.ofSeconds(1));
        assertThat(circuit.state()).isEqualTo(State.HALF_OPEN);
        assertThat(circuit.tryAcquirePermission()).isTrue();
    }

    @Test
    void presumesAProbeLostWhenItHasNotReportedWithinTheOpenDuration() {
        open();
        pass(OPEN);
        assertThat(circuit.tryAcquirePermission()).isTrue();

        pass(OPEN.minusMillis(1));
        assertThat(circuit.tryAcquirePermission()).isFalse();
        pass(Duration.ofMillis(1));
        assertThat(circuit.tryAcquirePermission()).isTrue();
    }

    @Test
    void suspendsOnRefusedCredentialsWhileClosed() {
        attempt(DELIVERED);

        attempt(REFUSED);

        assertThat(circuit.state()).isEqualTo(State.SUSPENDED);
        assertThat(circuit.tryAcquirePermission()).isFalse();
        assertThat(gauge()).isEqualTo(3);
    }

    @Test
    void suspendsOnRefusedCredentialsWhileOpen() {
        assertThat(circuit.tryAcquirePermission()).isTrue();
        open();

        circuit.onResult(REFUSED);

        assertThat(circuit.state()).isEqualTo(State.SUSPENDED);
    }

    @Test
    void suspendsWhenTheHalfOpenProbeIsRefusedItsCredentials() {
        open();
        pass(OPEN);

        attempt(REFUSED);

        assertThat(circuit.state()).isEqualTo(State.SUSPENDED);
        pass(OPEN.multipliedBy(2));
        assertThat(circuit.tryAcquirePermission()).isFalse();
    }

    @Test
    void letsOneProbePerRetryIntervalThroughWhileSuspended() {
        suspend();

        pass(CREDENTIALS_RETRY.minusMillis(1));
        assertThat(circuit.tryAcquirePermission()).isFalse();
        pass(Duration.ofMillis(1));
        assertThat(circuit.tryAcquirePermission()).isTrue();
        assertThat(circuit.tryAcquirePermission()).isFalse();
        pass(Duration.ofSeconds(5));
        circuit.onResult(REFUSED);

        assertThat(circuit.state()).isEqualTo(State.SUSPENDED);
        pass(CREDENTIALS_RETRY.minusSeconds(5).minusMillis(1));
        assertThat(circuit.tryAcquirePermission()).isFalse();
        pass(Duration.ofMillis(1));
        assertThat(circuit.tryAcquirePermission()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("up")
    void closesWhenACredentialsProbeGetsThrough(AttemptResult up) {
        suspend();
        pass(CREDENTIALS_RETRY);

        attempt(up);

        assertThat(circuit.state()).isEqualTo(State.CLOSED);
        assertThat(circuit.tryAcquirePermission()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("unwell")
    void opensWhenACredentialsProbeGetsThroughButFails(AttemptResult failure) {
        suspend();
        pass(CREDENTIALS_RETRY);

        attempt(failure);

        assertThat(circuit.state()).isEqualTo(State.OPEN);
        pass(OPEN);
        assertThat(circuit.tryAcquirePermission()).isTrue();
    }

    @Test
    void staysSuspendedWhenAnAttemptStartedEarlierSucceeds() {
        assertThat(circuit.tryAcquirePermission()).isTrue();
        suspend();

        circuit.onResult(DELIVERED);

        assertThat(circuit.state()).isEqualTo(State.SUSPENDED);
    }

    @Test
    void countsEveryRefusalOfOurCredentials() {
        assertThat(circuit.tryAcquirePermission()).isTrue();
        assertThat(circuit.tryAcquirePermission()).isTrue();
        attempt(REFUSED);
        circuit.onResult(REFUSED);
        circuit.onResult(REFUSED);
        pass(CREDENTIALS_RETRY);
        attempt(REFUSED);
        pass(CREDENTIALS_RETRY);
        attempt(failed(ErrorKind.CLIENT_ERROR));

        assertThat(credentialsRejected()).isEqualTo(4);
    }

    @Test
    void logsEachStateChangeOnceAndTellsTheOperatorWhatToCheck() {
        assertThat(circuit.tryAcquirePermission()).isTrue();
        open();
        circuit.onResult(TIMED_OUT);
        pass(OPEN);
        attempt(DELIVERED);
        assertThat(circuit.tryAcquirePermission()).isTrue();
        assertThat(circuit.tryAcquirePermission()).isTrue();
        attempt(REFUSED);
        circuit.onResult(REFUSED);
        circuit.onResult(REFUSED);

        assertThat(logged(Level.WARN))
                .containsExactly("provider probe circuit open for 10s: 3 consecutive failed attempts (last result:"
                        + " TIMEOUT TIMEOUT detail); no attempts until then");
        assertThat(logged(Level.ERROR))
                .containsExactly("provider probe refused our credentials (HTTP 401/403): sending is suspended and"
                        + " retried every 1m; check mailing.provider.token (last result: UNAUTHORIZED HTTP 401:"
                        + " token expired)");
        assertThat(logged(Level.INFO))
                .containsExactly(
                        "provider probe circuit half-open after 10s: letting one probe attempt through",
                        "provider probe answers again: circuit closed, sending resumed");
    }

    @Test
    void logsWhenTheCredentialsAreAcceptedAgain() {
        suspend();
        pass(CREDENTIALS_RETRY);

        attempt(DELIVERED);

        assertThat(logged(Level.INFO))
                .containsExactly("provider probe accepted our credentials again: circuit closed, sending resumed");
    }

    @Test
    void grantsOnlyOneProbeToCallersRacingForIt() throws Exception {
        open();
        pass(OPEN);

        List<Boolean> granted = race(32, circuit::tryAcquirePermission);

        assertThat(granted.stream().filter(Boolean::booleanValue)).hasSize(1);
    }

    @Test
    void losesNoFailureReportedConcurrently() throws Exception {
        int threads = 8;
        int perThread = 25_000;
        int failures = threads * perThread;
        ProviderCircuit justBelow = new ProviderCircuit(
                "a", new Settings(failures + 1, OPEN, MAX_OPEN, CREDENTIALS_RETRY), clock, registry);
        ProviderCircuit exactly =
                new ProviderCircuit("b", new Settings(failures, OPEN, MAX_OPEN, CREDENTIALS_RETRY), clock, registry);
        for (int i = 0; i < failures; i++) {
            assertThat(justBelow.tryAcquirePermission() && exactly.tryAcquirePermission())
                    .isTrue();
        }

        race(threads, () -> {
            for (int i = 0; i < perThread; i++) {
                justBelow.onResult(TIMED_OUT);
                exactly.onResult(TIMED_OUT);
            }
            return null;
        });

        assertThat(justBelow.state()).isEqualTo(State.CLOSED);
        assertThat(exactly.state()).isEqualTo(State.OPEN);
    }

    private static <T> List<T> race(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> running = IntStream.range(0, threads)
                    .mapToObj(i -> pool.submit(() -> {
                        go.await();
                        return task.call();
                    }))
                    .toList();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : running) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of(0, OPEN, MAX_OPEN, CREDENTIALS_RETRY, "failure threshold"),
                Arguments.of(3, Duration.ZERO, MAX_OPEN, CREDENTIALS_RETRY, "open duration"),
                Arguments.of(3, OPEN, OPEN.minusSeconds(1), CREDENTIALS_RETRY, "max open duration"),
                Arguments.of(3, OPEN, MAX_OPEN, Duration.ofSeconds(-1), "credentials retry interval"));
    }

    @ParameterizedTest
    @MethodSource("badSettings")
    void refusesSettingsThatCannotWork(
            int threshold, Duration open, Duration maxOpen, Duration credentialsRetry, String named) {
        assertThatThrownBy(() -> new Settings(threshold, open, maxOpen, credentialsRetry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(named);
    }

    @ParameterizedTest
    @CsvSource({"PT0.5S, 500ms", "PT30S, 30s", "PT1M, 1m", "PT90S, 1m30s", "PT2H, 2h", "PT61M, 61m"})
    void writesDurationsForPeople(Duration duration, String written) {
        assertThat(CircuitLog.human(duration)).isEqualTo(written);
    }
}

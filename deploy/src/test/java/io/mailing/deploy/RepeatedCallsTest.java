package io.mailing.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.deploy.RepeatedCalls.Attempt;
import io.mailing.deploy.RepeatedCalls.Call;
import io.mailing.deploy.RepeatedCalls.Cause;
import io.mailing.deploy.RepeatedCalls.Tally;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepeatedCallsTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final Instant KILL = T0.plusSeconds(100);

    private final RepeatedCalls repeats = new RepeatedCalls(List.of(KILL), LEASE);

    @Test
    void countsNothingForMsgIdsCalledOnce() {
        Tally tally = repeats.tally(Map.of(1L, List.of(call(0, true))), Map.of(1L, List.of(attempt(0, 1, "SENT"))));

        assertThat(tally.calls().values()).containsOnly(0L);
        assertThat(tally.deliveries().values()).containsOnly(0L);
    }

    @Test
    void putsARetryAfterAnAnsweredFailureDownToThatFailure() {
        Tally tally = repeats.tally(
                Map.of(1L, List.of(call(10, true), call(0, false))),
                Map.of(1L, List.of(attempt(0, 2, "SERVER_ERROR"), attempt(9, 11, "SENT"))));

        assertThat(tally.calls(Cause.FAILURE_ANSWERED)).isOne();
        assertThat(tally.deliveries().values()).containsOnly(0L);
    }

    @Test
    void putsARepeatAfterATimedOutCallDownToTheTimeout() {
        Tally tally = repeats.tally(
                Map.of(1L, List.of(call(0, true), call(10, true))),
                Map.of(1L, List.of(attempt(0, 5, "TIMEOUT"), attempt(9, 11, "SENT"))));

        assertThat(tally.calls(Cause.TIMEOUT)).isOne();
        assertThat(tally.deliveries(Cause.TIMEOUT)).isOne();
    }

    @Test
    void putsARepeatAfterAnUnrecordedCallJustBeforeAKillDownToTheCrash() {
        Tally tally = repeats.tally(
                Map.of(1L, List.of(call(99, true), call(120, true))), Map.of(1L, List.of(attempt(119, 121, "SENT"))));

        assertThat(tally.calls(Cause.CRASH)).isOne();
        assertThat(tally.deliveries(Cause.CRASH)).isOne();
    }

    @Test
    void putsARepeatAfterAnUnrecordedCallFarFromAnyKillDownToSomethingElse() {
        Tally tally = repeats.tally(
                Map.of(
                        1L, List.of(call(200, true), call(220, true)),
                        2L, List.of(call(80, false), call(110, true))),
                Map.of(1L, List.of(attempt(219, 221, "SENT")), 2L, List.of(attempt(109, 111, "SENT"))));

        assertThat(tally.calls(Cause.OTHER))
                .as("one call long after the kill, one before the lease taken at it could have run out")
                .isEqualTo(2);
        assertThat(tally.deliveries(Cause.OTHER)).isOne();
        assertThat(tally.calls(Cause.CRASH)).isZero();
    }

    @Test
    void putsEachRepeatDownToTheCallJustBeforeIt() {
        Tally tally = repeats.tally(
                Map.of(1L, List.of(call(0, false), call(10, true), call(30, true))),
                Map.of(1L, List.of(attempt(0, 2, "RATE_LIMITED"), attempt(9, 16, "TIMEOUT"), attempt(29, 31, "SENT"))));

        assertThat(tally.calls(Cause.FAILURE_ANSWERED)).isOne();
        assertThat(tally.calls(Cause.TIMEOUT)).isOne();
        assertThat(tally.deliveries(Cause.TIMEOUT)).isOne();
        assertThat(tally.deliveries(Cause.FAILURE_ANSWERED)).isZero();
    }

    private static Call call(int second, boolean delivered) {
        return new Call(T0.plusSeconds(second).plusMillis(500), delivered);
    }

    private static Attempt attempt(int from, int to, String outcome) {
        return new Attempt(T0.plusSeconds(from), T0.plusSeconds(to), outcome);
    }
}

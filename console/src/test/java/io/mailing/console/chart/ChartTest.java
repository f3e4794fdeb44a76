package io.mailing.console.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ChartTest {

    private static final Instant FROM = Instant.parse("2026-12-06T10:00:00Z");

    private static Timeline.Point point(int minute, long sent, long failed) {
        return new Timeline.Point(
                FROM.plusSeconds(60L * minute), sent + failed, Map.of("SENT", sent, "FAILED", failed));
    }

    @Test
    void stacksEachStepsStatusesUpToAScaleThatHoldsThePeak() {
        Timeline timeline = new Timeline(
                FROM,
                FROM.plusSeconds(240),
                1,
                List.of(point(0, 30, 0), point(1, 0, 0), point(2, 35, 5), point(3, 1, 0)));

        Chart chart = Chart.of("Messages finished", timeline, ZoneOffset.UTC);

        assertThat(chart.label()).isEqualTo("Messages finished per minute");
        assertThat(chart.ticks()).extracting(Chart.Tick::text).containsExactly("0", "25", "50");
        assertThat(chart.bars())
                .extracting(Chart.Bar::cssClass)
                .containsExactly("chart-sent", "chart-sent", "chart-failed", "chart-sent");
        Chart.Bar sent = chart.bars().get(1);
        Chart.Bar failed = chart.bars().get(2);
        assertThat(failed.y() + failed.height()).as("failed on top of sent").isCloseTo(sent.y(), within());
        assertThat(sent.height() + failed.height()).isCloseTo(40 * 186 / 50.0, within());
        assertThat(chart.times()).extracting(Chart.Tick::text).containsExactly("10:00", "10:02", "10:04");
        assertThat(chart.summary())
                .isEqualTo("71 messages finished from 6 Dec 10:00 to 6 Dec 10:04, at most 40 in a minute.");
        assertThat(chart.rows()).as("the table leaves empty steps out").hasSize(3);
    }

    @Test
    void drawsAFewStepsAsNarrowBarsInTheirSlots() {
        Chart chart = Chart.of(
                "Messages finished",
                new Timeline(FROM, FROM.plusSeconds(60), 1, List.of(point(0, 45, 0))),
                ZoneOffset.UTC);

        Chart.Bar bar = chart.bars().get(0);
        assertThat(bar.width()).isEqualTo(Chart.MAX_BAR);
        assertThat(bar.x() + bar.width() / 2).isCloseTo((chart.plotLeft() + chart.plotRight()) / 2.0, within());
        assertThat(chart.times()).extracting(Chart.Tick::text).containsExactly("10:00", "10:01");
    }

    @Test
    void saysSoWhenNothingFinishedYet() {
        Chart chart = Chart.of("Messages finished", new Timeline(null, null, 5, List.of()), ZoneOffset.UTC);

        assertThat(chart.label()).isEqualTo("Messages finished per 5 minutes");
        assertThat(chart.bars()).isEmpty();
        assertThat(chart.summary()).isEqualTo("No message has reached a final status yet.");
    }

    @Test
    void roundsTheScaleUpToOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(List.of(1L, 2L, 3L, 7L, 11L, 40L, 51L, 999L))
                .extracting(Chart::roundUp)
                .containsExactly(1L, 2L, 5L, 10L, 20L, 50L, 100L, 1000L);
    }

    private static Offset<Double> within() {
        return Offset.offset(0.2);
    }
}

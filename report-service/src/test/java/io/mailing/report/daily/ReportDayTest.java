package io.mailing.report.daily;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ReportDayTest {

    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    private static final ReportDay EIGHT_IN_MOSCOW = new ReportDay(LocalTime.of(8, 0), MOSCOW);
    private static final LocalDate DATE = LocalDate.of(2026, 12, 6);

    @Test
    void coversTheHoursUpToItsTimeFromTheTimeOfTheDayBefore() {
        assertThat(EIGHT_IN_MOSCOW.until(DATE)).isEqualTo(Instant.parse("2026-12-06T05:00:00Z"));
        assertThat(EIGHT_IN_MOSCOW.from(DATE)).isEqualTo(Instant.parse("2026-12-05T05:00:00Z"));
    }

    @Test
    void isDueFromItsTimeInItsZone() {
        assertThat(EIGHT_IN_MOSCOW.latestDue(Instant.parse("2026-12-06T04:59:59Z")))
                .isEqualTo(DATE.minusDays(1));
        assertThat(EIGHT_IN_MOSCOW.latestDue(Instant.parse("2026-12-06T05:00:00Z")))
                .isEqualTo(DATE);
        assertThat(EIGHT_IN_MOSCOW.latestDue(Instant.parse("2026-12-06T21:30:00Z")))
                .isEqualTo(DATE);
    }

    @Test
    void acrossAClockChangeADayIsTheHoursBetweenTwoSendTimes() {
        ReportDay berlin = new ReportDay(LocalTime.of(8, 0), ZoneId.of("Europe/Berlin"));
        LocalDate summerTime = LocalDate.of(2026, 3, 29);

        assertThat(java.time.Duration.between(berlin.from(summerTime), berlin.until(summerTime))
                        .toHours())
                .isEqualTo(23);
    }

    @Test
    void sendsEveryDayAfterTheLastOneSentUpToTheLatestDue() {
        Instant now = Instant.parse("2026-12-06T06:00:00Z");

        assertThat(EIGHT_IN_MOSCOW.due(DATE.minusDays(10), DATE.minusDays(3), now, 7))
                .containsExactly(DATE.minusDays(2), DATE.minusDays(1), DATE);
        assertThat(EIGHT_IN_MOSCOW.due(DATE.minusDays(10), DATE, now, 7)).isEmpty();
    }

    @Test
    void beforeTheFirstReportStartsFromTheFirstDateItReportsOn() {
        Instant now = Instant.parse("2026-12-06T06:00:00Z");

        assertThat(EIGHT_IN_MOSCOW.due(DATE, null, now, 7)).containsExactly(DATE);
        assertThat(EIGHT_IN_MOSCOW.due(DATE.plusDays(1), null, now, 7)).isEmpty();
    }

    @Test
    void catchesUpNoFurtherBackThanItsLimit() {
        Instant now = Instant.parse("2026-12-06T06:00:00Z");

        assertThat(EIGHT_IN_MOSCOW.due(DATE.minusDays(100), DATE.minusDays(50), now, 2))
                .containsExactly(DATE.minusDays(2), DATE.minusDays(1), DATE);
    }
}

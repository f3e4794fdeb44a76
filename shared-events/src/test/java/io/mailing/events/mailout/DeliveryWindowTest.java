package io.mailing.events.mailout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class DeliveryWindowTest {

    private static final DeliveryWindow DAYTIME = new DeliveryWindow(LocalTime.of(9, 0), LocalTime.of(21, 0));
    private static final DeliveryWindow NIGHT = new DeliveryWindow(LocalTime.of(21, 0), LocalTime.of(6, 0));
    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void includesItsStartAndExcludesItsEnd() {
        assertThat(DAYTIME.contains(LocalTime.of(9, 0))).isTrue();
        assertThat(DAYTIME.contains(LocalTime.of(20, 59))).isTrue();
        assertThat(DAYTIME.contains(LocalTime.of(21, 0))).isFalse();
        assertThat(DAYTIME.contains(LocalTime.of(8, 59))).isFalse();
    }

    @Test
    void aWindowWhoseStartIsAfterItsEndWrapsMidnight() {
        assertThat(NIGHT.contains(LocalTime.of(23, 30))).isTrue();
        assertThat(NIGHT.contains(LocalTime.of(0, 0))).isTrue();
        assertThat(NIGHT.contains(LocalTime.of(5, 59))).isTrue();
        assertThat(NIGHT.contains(LocalTime.of(6, 0))).isFalse();
        assertThat(NIGHT.contains(LocalTime.of(12, 0))).isFalse();
    }

    @Test
    void anOpenWindowOpensNow() {
        Instant noonInMoscow = Instant.parse("2030-01-07T09:00:00Z");
        assertThat(DAYTIME.nextOpening(noonInMoscow, MOSCOW)).isEqualTo(noonInMoscow);
    }

    @Test
    void opensLaterTheSameDayOrTheNextDayInTheCustomersZone() {
        assertThat(DAYTIME.nextOpening(Instant.parse("2030-01-07T03:00:00Z"), MOSCOW)) // 06:00 local
                .isEqualTo(Instant.parse("2030-01-07T06:00:00Z"));
        assertThat(DAYTIME.nextOpening(Instant.parse("2030-01-07T19:00:00Z"), MOSCOW)) // 22:00 local
                .isEqualTo(Instant.parse("2030-01-08T06:00:00Z"));
    }

    @Test
    void aWindowAcrossMidnightOpensInTheEvening() {
        assertThat(NIGHT.nextOpening(Instant.parse("2030-01-07T09:00:00Z"), MOSCOW)) // 12:00 local
                .isEqualTo(Instant.parse("2030-01-07T18:00:00Z"));
    }

    @Test
    void followsDaylightSavingTime() {
        // Berlin is UTC+1 in winter and UTC+2 from 29 March 2026.
        assertThat(DAYTIME.nextOpening(Instant.parse("2026-03-28T21:00:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2026-03-29T07:00:00Z"));
        assertThat(DAYTIME.nextOpening(Instant.parse("2026-03-27T21:00:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2026-03-28T08:00:00Z"));
    }

    @Test
    void anOpeningTheClockSkipsIsWhenTheClockResumes() {
        // On 29 March 2026 Berlin's clocks jump from 02:00 to 03:00 (01:00 UTC); 02:30 never happens.
        DeliveryWindow fromHalfPastTwo = new DeliveryWindow(LocalTime.of(2, 30), LocalTime.of(5, 0));
        assertThat(fromHalfPastTwo.nextOpening(Instant.parse("2026-03-28T23:00:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
    }

    @Test
    void anOpeningTheClockRepeatsIsItsFirstOccurrence() {
        // On 25 October 2026 Berlin's clocks go back from 03:00 to 02:00 (01:00 UTC); 02:30 happens twice.
        DeliveryWindow fromHalfPastTwo = new DeliveryWindow(LocalTime.of(2, 30), LocalTime.of(5, 0));
        assertThat(fromHalfPastTwo.nextOpening(Instant.parse("2026-10-24T22:00:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
    }
}

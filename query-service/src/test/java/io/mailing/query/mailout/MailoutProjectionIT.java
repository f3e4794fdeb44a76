package io.mailing.query.mailout;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.DeliveryWindow;
import io.mailing.events.mailout.FollowUpScheduled;
import io.mailing.events.mailout.MailoutCancelled;
import io.mailing.events.mailout.MailoutClosed;
import io.mailing.events.mailout.MailoutEvent;
import io.mailing.events.mailout.MailoutPaused;
import io.mailing.events.mailout.MailoutResumed;
import io.mailing.events.mailout.MailoutScheduled;
import io.mailing.events.mailout.MailoutStarted;
import io.mailing.events.mailout.MailoutStatus;
import io.mailing.testsupport.MigratedDatabase;
import io.mailing.testsupport.ProjectionFixture;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mailout read model as the projection writes it and the API reads it, on the query schema, without Spring. */
class MailoutProjectionIT {

    private static final MigratedDatabase DATABASE = MigratedDatabase.of("query");
    private static final UUID MAILOUT = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID FOLLOW_UP = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final Instant CREATED = Instant.parse("2030-01-07T08:00:00Z");
    private static final Instant START = Instant.parse("2030-01-07T10:00:00Z");
    private static final Instant END = Instant.parse("2030-01-07T18:00:00Z");
    private static final AudienceFilter VIPS = new AudienceFilter(List.of("916"), List.of("vip"));
    private static final DeliveryWindow MORNINGS = new DeliveryWindow(LocalTime.of(9, 0), LocalTime.of(12, 0));
    private static final MailoutScheduled SCHEDULED =
            new MailoutScheduled(MAILOUT, "Sale today", START, END, VIPS, MORNINGS, true, Channel.SMS, null);
    private static final MailoutStarted STARTED =
            new MailoutStarted(MAILOUT, START, "Sale today", VIPS, MORNINGS, END, true, Channel.SMS, null);
    private static final MailoutPaused PAUSED = new MailoutPaused(MAILOUT, START.plusSeconds(60));

    private final MailoutStore store = new MailoutStore(DATABASE.jdbc());
    private final ProjectionFixture fixture =
            new ProjectionFixture(new MailoutProjection(store), event -> ((MailoutEvent) event).mailoutId());

    @BeforeEach
    void emptyTheReadModel() {
        DATABASE.empty();
    }

    @Test
    void storesAScheduledMailoutWithItsWholeDefinition() {
        fixture.at(CREATED).when(SCHEDULED);

        assertThat(store.find(MAILOUT)).contains(MailoutRow.scheduled(SCHEDULED, CREATED));
    }

    @Test
    void followsTheMailoutFromStartThroughPauseAndResumeToItsClose() {
        Instant resumedAt = START.plusSeconds(120);
        Instant closedAt = END;

        fixture.given(SCHEDULED, STARTED, PAUSED)
                .when(new MailoutResumed(MAILOUT, resumedAt), new MailoutClosed(MAILOUT, closedAt));

        assertThat(store.find(MAILOUT)).hasValueSatisfying(mailout -> {
            assertThat(mailout.status()).isEqualTo(MailoutStatus.COMPLETED);
            assertThat(mailout.startedAt()).isEqualTo(START);
            assertThat(mailout.pausedAt()).isEqualTo(PAUSED.pausedAt());
            assertThat(mailout.resumedAt()).isEqualTo(resumedAt);
            assertThat(mailout.closedAt()).isEqualTo(closedAt);
        });
    }

    @Test
    void aPauseThatCommittedAsLateAsTheStartIsTakenIn() {
        MailoutScheduled other =
                new MailoutScheduled(FOLLOW_UP, "Other", START, END, VIPS, null, false, Channel.SMS, null);

        fixture.given(SCHEDULED, other).whenFillingGaps(STARTED, PAUSED);

        assertThat(store.find(MAILOUT))
                .hasValueSatisfying(mailout -> assertThat(mailout.status()).isEqualTo(MailoutStatus.PAUSED));
    }

    @Test
    void countsTheMailoutsByTheirStatus() {
        fixture.given(SCHEDULED, STARTED).when(new MailoutCancelled(MAILOUT, START.plusSeconds(5)));

        assertThat(store.countByStatus())
                .containsEntry(MailoutStatus.CANCELLED, 1L)
                .containsEntry(MailoutStatus.RUNNING, 0L);
    }

    @Test
    void linksAFollowUpToTheMailoutItFollows() {
        MailoutScheduled followUp =
                new MailoutScheduled(FOLLOW_UP, "Last chance", START, END, VIPS, null, false, Channel.SMS, null);

        fixture.given(SCHEDULED, followUp).when(new FollowUpScheduled(FOLLOW_UP, MAILOUT));

        assertThat(store.find(FOLLOW_UP))
                .hasValueSatisfying(mailout -> assertThat(mailout.followUpOf()).isEqualTo(MAILOUT));
    }

    @Test
    void anEarlierEventHandledAgainDoesNotUndoALaterOne() {
        fixture.given(SCHEDULED, STARTED, PAUSED).whenHandlingAgain(STARTED);

        assertThat(store.find(MAILOUT))
                .hasValueSatisfying(mailout -> assertThat(mailout.status()).isEqualTo(MailoutStatus.PAUSED));
    }

    @Test
    void ignoresTheEventsOfAMailoutItNeverSawScheduled() {
        fixture.when(STARTED);

        assertThat(store.find(MAILOUT)).isEmpty();
    }
}

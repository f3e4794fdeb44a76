package io.mailing.query.mailout;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.DeliveryWindow;
import io.mailing.events.mailout.EmailContent;
import io.mailing.events.mailout.FollowUpScheduled;
import io.mailing.events.mailout.MailoutCancelled;
import io.mailing.events.mailout.MailoutChanged;
import io.mailing.events.mailout.MailoutClosed;
import io.mailing.events.mailout.MailoutFollowUpCreated;
import io.mailing.events.mailout.MailoutPaused;
import io.mailing.events.mailout.MailoutResumed;
import io.mailing.events.mailout.MailoutScheduled;
import io.mailing.events.mailout.MailoutStarted;
import io.mailing.events.mailout.MailoutStatus;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MailoutRowTest {

    private static final UUID MAILOUT = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final Instant CREATED = Instant.parse("2026-11-23T08:00:00Z");
    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant END = Instant.parse("2026-11-23T18:00:00Z");
    private static final AudienceFilter VIPS = new AudienceFilter(List.of(), List.of("vip"));
    private static final MailoutScheduled SCHEDULED =
            new MailoutScheduled(MAILOUT, "Sale today", START, END, VIPS, null, false, Channel.SMS, null);

    @Test
    void startsScheduledWithItsDefinitionAndCreationTime() {
        MailoutRow mailout = MailoutRow.scheduled(SCHEDULED, CREATED);

        assertThat(mailout.status()).isEqualTo(MailoutStatus.SCHEDULED);
        assertThat(mailout.text()).isEqualTo("Sale today");
        assertThat(mailout.filter()).isEqualTo(VIPS);
        assertThat(mailout.createdAt()).isEqualTo(CREATED);
        assertThat(mailout.startedAt()).isNull();
    }

    @Test
    void keepsAnEmailMailoutsChannelSubjectAndHtmlAndDropsThemWhenChangedToSms() {
        EmailContent news = new EmailContent("Sale today", "<p>Sale today</p>");
        MailoutScheduled byEmail =
                new MailoutScheduled(MAILOUT, "Sale today", START, END, VIPS, null, false, Channel.EMAIL, news);

        MailoutRow scheduled = MailoutRow.scheduled(byEmail, CREATED);
        MailoutRow changed = scheduled.apply(
                new MailoutChanged(MAILOUT, "Sale", START, END, VIPS, null, false, Channel.SMS, null),
                CREATED.plusSeconds(1));

        assertThat(scheduled.channel()).isEqualTo(Channel.EMAIL);
        assertThat(scheduled.email()).isEqualTo(news);
        assertThat(changed.channel()).isEqualTo(Channel.SMS);
        assertThat(changed.email()).isNull();
        assertThat(MailoutRow.scheduled(SCHEDULED, CREATED).channel()).isEqualTo(Channel.SMS);
    }

    @Test
    void takesTheChangedDefinitionAndKeepsItsStatus() {
        DeliveryWindow mornings = new DeliveryWindow(LocalTime.of(9, 0), LocalTime.of(12, 0));
        Instant changedAt = CREATED.plusSeconds(60);

        MailoutRow mailout = MailoutRow.scheduled(SCHEDULED, CREATED)
                .apply(
                        new MailoutChanged(
                                MAILOUT,
                                "Sale tomorrow",
                                START,
                                END.plusSeconds(3600),
                                VIPS,
                                mornings,
                                true,
                                Channel.SMS,
                                null),
                        changedAt);

        assertThat(mailout.text()).isEqualTo("Sale tomorrow");
        assertThat(mailout.endAt()).isEqualTo(END.plusSeconds(3600));
        assertThat(mailout.deliveryWindow()).isEqualTo(mornings);
        assertThat(mailout.includeLateJoiners()).isTrue();
        assertThat(mailout.changedAt()).isEqualTo(changedAt);
        assertThat(mailout.status()).isEqualTo(MailoutStatus.SCHEDULED);
        assertThat(mailout.createdAt()).isEqualTo(CREATED);
    }

    @Test
    void followsItsLifecycleAndRemembersWhenEachStepHappened() {
        Instant paused = START.plusSeconds(10);
        Instant resumed = START.plusSeconds(20);
        Instant closed = START.plusSeconds(30);

        MailoutRow running = MailoutRow.scheduled(SCHEDULED, CREATED)
                .apply(
                        new MailoutStarted(MAILOUT, START, "Sale today", VIPS, null, END, false, Channel.SMS, null),
                        START);
        MailoutRow pausedState = running.apply(new MailoutPaused(MAILOUT, paused), paused);
        MailoutRow resumedState = pausedState.apply(new MailoutResumed(MAILOUT, resumed), resumed);
        MailoutRow completed = resumedState.apply(new MailoutClosed(MAILOUT, closed), closed);

        assertThat(running.status()).isEqualTo(MailoutStatus.RUNNING);
        assertThat(pausedState.status()).isEqualTo(MailoutStatus.PAUSED);
        assertThat(resumedState.status()).isEqualTo(MailoutStatus.RUNNING);
        assertThat(completed.status()).isEqualTo(MailoutStatus.COMPLETED);
        assertThat(completed)
                .extracting(MailoutRow::startedAt, MailoutRow::pausedAt, MailoutRow::resumedAt, MailoutRow::closedAt)
                .containsExactly(START, paused, resumed, closed);
    }

    @Test
    void endsCancelled() {
        Instant cancelled = CREATED.plusSeconds(5);

        MailoutRow mailout =
                MailoutRow.scheduled(SCHEDULED, CREATED).apply(new MailoutCancelled(MAILOUT, cancelled), cancelled);

        assertThat(mailout.status()).isEqualTo(MailoutStatus.CANCELLED);
        assertThat(mailout.cancelledAt()).isEqualTo(cancelled);
    }

    @Test
    void ignoresEventsThatAreNotItsOwn() {
        MailoutRow mailout = MailoutRow.scheduled(SCHEDULED, CREATED);

        assertThat(mailout.apply(
                        new CustomerRegistered(UUID.randomUUID(), "79161234567", null, List.of(), "UTC", null), START))
                .isSameAs(mailout);
    }

    @Test
    void namesItsFollowUpAndWhatItFollowsUpWithoutChangingItsStatus() {
        UUID original = UUID.fromString("00000000-0000-0000-0000-00000000000b");
        UUID followUp = UUID.fromString("00000000-0000-0000-0000-00000000000c");

        MailoutRow sentAgain = MailoutRow.scheduled(SCHEDULED, CREATED)
                .apply(new MailoutCancelled(MAILOUT, START), START)
                .apply(new MailoutFollowUpCreated(MAILOUT, followUp, END), END);
        MailoutRow aFollowUp =
                MailoutRow.scheduled(SCHEDULED, CREATED).apply(new FollowUpScheduled(MAILOUT, original), CREATED);

        assertThat(sentAgain.followUpId()).isEqualTo(followUp);
        assertThat(sentAgain.followUpOf()).isNull();
        assertThat(sentAgain.status()).isEqualTo(MailoutStatus.CANCELLED);
        assertThat(aFollowUp.followUpOf()).isEqualTo(original);
        assertThat(aFollowUp.followUpId()).isNull();
        assertThat(aFollowUp.status()).isEqualTo(MailoutStatus.SCHEDULED);
    }
}

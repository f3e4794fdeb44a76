package io.mailing.command.mailout;

import static org.hamcrest.Matchers.not;

import io.mailing.command.mailout.MailoutCommands.CancelMailout;
import io.mailing.command.mailout.MailoutCommands.ChangeMailout;
import io.mailing.command.mailout.MailoutCommands.CompleteMailout;
import io.mailing.command.mailout.MailoutCommands.CreateFollowUp;
import io.mailing.command.mailout.MailoutCommands.PauseMailout;
import io.mailing.command.mailout.MailoutCommands.ResumeMailout;
import io.mailing.command.mailout.MailoutCommands.ScheduleMailout;
import io.mailing.command.mailout.MailoutCommands.StartMailout;
import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.DeliveryWindow;
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
import io.mailing.platform.problem.ConflictException;
import io.mailing.platform.problem.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MailoutTest {

    private static final Instant NOW = Instant.parse("2030-01-07T08:00:00Z");
    private static final Instant START = NOW.plus(Duration.ofHours(2));
    private static final Instant END = NOW.plus(Duration.ofHours(10));
    private static final UUID ID = UUID.fromString("6f1c6a2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f");
    private static final MailoutId MAILOUT = new MailoutId(ID);
    private static final AudienceFilter FILTER = new AudienceFilter(List.of("916"), List.of("vip"));
    private static final DeliveryWindow WINDOW = new DeliveryWindow(LocalTime.of(9, 0), LocalTime.of(21, 0));
    private static final String TEXT = "Black Friday: -30% on everything";
    private static final MailoutDefinition DEFINITION =
            new MailoutDefinition(TEXT, START, END, FILTER, WINDOW, true, Channel.SMS, null);
    private static final String PRINCIPAL = "principal";
    private static final MailoutScheduled SCHEDULED =
            new MailoutScheduled(ID, TEXT, START, END, FILTER, WINDOW, true, Channel.SMS, null);

    /** Scenarios lie in the future: deadline handlers see the later of the wall clock and the due time. */
    private FixtureConfiguration<Mailout> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Mailout.class);
    }

    private static MailoutDefinition definition(Instant startAt, Instant endAt) {
        return new MailoutDefinition(TEXT, startAt, endAt, FILTER, WINDOW, true, Channel.SMS, null);
    }

    private static MailoutStarted startedAt(Instant at) {
        return new MailoutStarted(ID, at, TEXT, FILTER, WINDOW, END, true, Channel.SMS, null);
    }

    @Test
    void schedulesAFutureMailoutWithDeadlinesForItsStartAndEnd() {
        fixture.givenCurrentTime(NOW)
                .when(new ScheduleMailout(MAILOUT, DEFINITION))
                .expectEvents(SCHEDULED)
                .expectResultMessagePayload(MailoutStatus.SCHEDULED)
                .expectScheduledDeadlineWithName(START, Mailout.START_DEADLINE)
                .expectScheduledDeadlineWithName(END, Mailout.END_DEADLINE);
    }

    @Test
    void startsAtOnceWhenStartAtHasPassed() {
        Instant past = NOW.minus(Duration.ofMinutes(5));
        fixture.givenCurrentTime(NOW)
                .when(new ScheduleMailout(MAILOUT, definition(past, END)))
                .expectEvents(
                        new MailoutScheduled(ID, TEXT, past, END, FILTER, WINDOW, true, Channel.SMS, null),
                        startedAt(NOW))
                .expectResultMessagePayload(MailoutStatus.RUNNING)
                .expectNoScheduledDeadlineWithName(past, Mailout.START_DEADLINE)
                .expectScheduledDeadlineWithName(END, Mailout.END_DEADLINE);
    }

    @Test
    void rejectsAnEndThatHasPassed() {
        Instant pastEnd = NOW.minusSeconds(1);
        fixture.givenCurrentTime(NOW)
                .when(new ScheduleMailout(MAILOUT, definition(pastEnd.minusSeconds(60), pastEnd)))
                .expectNoEvents()
                .expectException(InvalidInputException.class)
                .expectExceptionMessage("endAt: must be in the future")
                .expectNoScheduledDeadlines();
    }

    @Test
    void startsByItselfWhenTheStartDeadlineIsDue() {
        fixture.givenCurrentTime(NOW)
                .andGivenCommands(new ScheduleMailout(MAILOUT, DEFINITION))
                .whenTimeAdvancesTo(START)
                .expectTriggeredDeadlinesWithName(Mailout.START_DEADLINE)
                .expectEvents(startedAt(START));
    }

    @Test
    void startsOnlyOnceWhenItsDeadlineFiresAfterAManualStart() {
        fixture.givenCurrentTime(NOW)
                .andGiven(SCHEDULED, startedAt(NOW))
                .whenTimeAdvancesTo(START)
                .expectNoEvents();
    }

    @Test
    void carriesEverythingTheSendingSideNeedsWhenItStarts() {
        fixture.givenCurrentTime(NOW)
                .andGiven(SCHEDULED)
                .when(new StartMailout(MAILOUT))
                .expectEvents(startedAt(NOW))
                .expectResultMessagePayload(MailoutStatus.RUNNING);
    }

    @Test
    void changeOfStartReschedulesTheStartDeadline() {
        Instant later = START.plus(Duration.ofHours(1));
        fixture.givenCurrentTime(NOW)
                .andGivenCommands(new ScheduleMailout(MAILOUT, DEFINITION))
                .when(new ChangeMailout(MAILOUT, definition(later, END)))
                .expectEvents(new MailoutChanged(ID, TEXT, later, END, FILTER, WINDOW, true, Channel.SMS, null))
                .expectScheduledDeadlineWithName(later, Mailout.START_DEADLINE)
                .expectNoScheduledDeadlineWithName(START, Mailout.START_DEADLINE)
                .expectScheduledDeadlineWithName(END, Mailout.END_DEADLINE);
    }

    @Test
    void everyChangeReschedulesBothDeadlinesSoTheyAreAttributedToTheChange() {
        fixture.registerCommandHandlerInterceptor(
                new CorrelationDataInterceptor<>(new SimpleCorrelationDataProvider(PRINCIPAL)));
        MailoutDefinition newText =
                new MailoutDefinition("Cyber Monday: -40%", START, END, FILTER, WINDOW, true, Channel.SMS, null);
        fixture.givenCurrentTime(NOW)
                .andGivenCommands(new ScheduleMailout(MAILOUT, DEFINITION))
                .when(new ChangeMailout(MAILOUT, newText), MetaData.with(PRINCIPAL, "bob"))
                .expectScheduledDeadlineMatching(START, scheduledBy("bob"))
                .expectScheduledDeadlineMatching(END, scheduledBy("bob"))
                .expectNoScheduledDeadlineMatching(START, not(scheduledBy("bob")))
                .expectNoScheduledDeadlineMatching(END, not(scheduledBy("bob")));
    }

    private static Matcher<DeadlineMessage<?>> scheduledBy(String principal) {
        return Matchers.predicate(
                deadline -> principal.equals(deadline.getMetaData().get(PRINCIPAL)));
    }

    @Test
    void aStartDeadlineLeftFromAnEarlierStartTimeDoesNothing() {
        Instant later = START.plus(Duration.ofHours(1));
        fixture.givenCurrentTime(NOW)
                .andGivenCommands(new ScheduleMailout(MAILOUT, DEFINITION))
                .andGiven(new MailoutChanged(ID, TEXT, later, END, FILTER, WINDOW, true, Channel.SMS, null))
                .whenTimeAdvancesTo(START)
                .expectTriggeredDeadlinesWithName(Mailout.START_DEADLINE)
                .expectNoEvents();
    }

    @Test
    void changeOfStartIntoThePastStartsAtOnce() {
        fixture.givenCurrentTime(NOW)
                .andGivenCommands(new ScheduleMailout(MAILOUT, DEFINITION))
                .when(new ChangeMailout(MAILOUT, definition(NOW, END)))
                .expectEvents(
                        new MailoutChanged(ID, TEXT, NOW, END, FILTER, WINDOW, true, Channel.SMS, null), startedAt(NOW))
                .expectResultMessagePayload(MailoutStatus.RUNNING)
                .expectNoScheduledDeadlineWithName(START, Mailout.START_DEADLINE);
    }

    @Test
    void rejectsChangesOnceStarted() {
        fixture.givenCurrentTime(NOW)
                .andGiven(SCHEDULED, startedAt(NOW))
                .when(new ChangeMailout(MAILOUT, DEFINITION))
                .expectNoEvents()
                .expectException(ConflictException.class)
                .expectExceptionMessage(
                        "Mailout " + ID + " is RUNNING; only a mailout that is [SCHEDULED] can be changed");
    }

    @Test
    void pausesARunningMailoutAndResumesIt() {
        fixture.givenCurrentTime(NOW)
                .andGiven(SCHEDULED, startedAt(NOW))
                .when(new PauseMailout(MAILOUT))
                .expectEvents(new MailoutPaused(ID, NOW))
                .expectResultMessagePayload(MailoutStatus.PAUSED);
        fixture.givenCurrentTime(NOW)
                .andGiven(SCHEDULED, startedAt(NOW), new MailoutPaused(ID, NOW))
                .when(new ResumeMailout(MAILOUT))
                .expectEvents(new MailoutResumed(ID, NOW))
                .expectResultMessagePayload(MailoutStatus.RUNNING);
    }

    @Test
    void rejectsPausingAScheduledMailoutAndResumingARunningOne() {
        fixture.givenCurrentTime(NOW)
                .andGiven(SCHEDULED)
                .when(new PauseMailout(MAILOUT))
                .expectNoEvents()
                .expectException(ConflictException.class);
        fixture.givenCurrentTime(NOW)
                .andGiven(SCHEDULED, startedAt(NOW))
                .when(new ResumeMailout(MAILOUT))
                .expectNoEvents()
                .expectException(ConflictException.class);
    }

    @Test
    void cancelRemovesItsDeadlines() {
        fixture.givenCurrentTime(NOW)
                .andGivenCommands(new ScheduleMailout(MAILOUT, DEFINITION))
                .when(new CancelMailout(MAILOUT))
                .expectEvents(new MailoutCancelled(ID, NOW))
                .expectResultMessagePayload(MailoutStatus.CANCELLED)
                .expectNoScheduledDeadlines();
    }

    @Test
    void cancelsFromPausedButNotTwice() {
        fixture.givenCurrentTime(NOW)
                .andGiven(SCHEDULED, startedAt(NOW), new MailoutPaused(ID, NOW))
                .when(new CancelMailout(MAILOUT))
                .expectEvents(new MailoutCancelled(ID, NOW));
        fixture.givenCurrentTime(NOW)
                .andGiven(SCHEDULED, new MailoutCancelled(ID, NOW))
                .when(new CancelMailout(MAILOUT))
                .expectNoEvents()
                .expectException(ConflictException.class);
    }

    @Test
    void closesAtItsEndAndThenRefusesEverything() {
        fixture.givenCurrentTime(NOW)
                .andGivenCommands(new ScheduleMailout(MAILOUT, definition(NOW, END)))
                .whenTimeAdvancesTo(END)
                .expectEvents(new MailoutClosed(ID, END))
                .expectNoScheduledDeadlines();
        fixture.givenCurrentTime(END)
                .andGiven(SCHEDULED, startedAt(START), new MailoutClosed(ID, END))
                .when(new PauseMailout(MAILOUT))
                .expectNoEvents()
                .expectException(ConflictException.class);
    }

    @Test
    void closesEarlyWhenItsDispatchCompletesAndForgetsItsEndDeadline() {
        fixture.givenCurrentTime(NOW)
                .andGivenCommands(new ScheduleMailout(MAILOUT, definition(NOW, END)))
                .when(new CompleteMailout(MAILOUT))
                .expectEvents(new MailoutClosed(ID, NOW))
                .expectResultMessagePayload(MailoutStatus.COMPLETED)
                .expectNoScheduledDeadlines();
        fixture.givenCurrentTime(NOW)
                .andGiven(SCHEDULED, startedAt(NOW), new MailoutPaused(ID, NOW))
                .when(new CompleteMailout(MAILOUT))
                .expectEvents(new MailoutClosed(ID, NOW));
    }

    @Test
    void completionOfAFinalMailoutChangesNothing() {
        fixture.givenCurrentTime(END)
                .andGiven(SCHEDULED, startedAt(START), new MailoutClosed(ID, END))
                .when(new CompleteMailout(MAILOUT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.givenCurrentTime(NOW)
                .andGiven(SCHEDULED, startedAt(NOW), new MailoutCancelled(ID, NOW))
                .when(new CompleteMailout(MAILOUT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(MailoutStatus.CANCELLED);
    }

    @Test
    void aFinishedMailoutIsSentAgainAsAFollowUpThatStartsNowAndRunsAsLongAsItWasPlannedTo() {
        UUID followUpId = UUID.fromString("0b7a8f3c-2d1e-4f5a-9b8c-7d6e5f4a3b2c");
        Instant later = END.plus(Duration.ofDays(1));
        Instant followUpEnd = later.plus(Duration.between(START, END));
        fixture.givenCurrentTime(later)
                .andGiven(SCHEDULED, startedAt(START), new MailoutClosed(ID, END))
                .when(new CreateFollowUp(MAILOUT, new MailoutId(followUpId)))
                .expectEvents(
                        new MailoutFollowUpCreated(ID, followUpId, later),
                        new MailoutScheduled(
                                followUpId, TEXT, later, followUpEnd, FILTER, WINDOW, false, Channel.SMS, null),
                        new FollowUpScheduled(followUpId, ID),
                        new MailoutStarted(
                                followUpId, later, TEXT, FILTER, WINDOW, followUpEnd, false, Channel.SMS, null))
                .expectResultMessagePayload(new Mailout.FollowUp(
                        MailoutStatus.RUNNING,
                        new MailoutDefinition(TEXT, later, followUpEnd, FILTER, WINDOW, false, Channel.SMS, null)))
                .expectScheduledDeadlineWithName(followUpEnd, Mailout.END_DEADLINE);
    }

    @Test
    void aCancelledMailoutMayBeFollowedUp() {
        fixture.givenCurrentTime(NOW)
                .andGiven(SCHEDULED, startedAt(NOW), new MailoutCancelled(ID, NOW))
                .when(new CreateFollowUp(MAILOUT, MailoutId.random()))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayloadMatching(
                        Matchers.matches(followUp -> ((Mailout.FollowUp) followUp).status() == MailoutStatus.RUNNING));
    }

    @Test
    void aMailoutIsFollowedUpOnlyOnce() {
        UUID first = UUID.fromString("0b7a8f3c-2d1e-4f5a-9b8c-7d6e5f4a3b2c");
        fixture.givenCurrentTime(NOW)
                .andGiven(
                        SCHEDULED,
                        startedAt(NOW),
                        new MailoutCancelled(ID, NOW),
                        new MailoutFollowUpCreated(ID, first, NOW))
                .when(new CreateFollowUp(MAILOUT, MailoutId.random()))
                .expectException(ConflictException.class)
                .expectExceptionMessage("Mailout " + ID + " was followed up already, by " + first);
    }

    @Test
    void rejectsAFollowUpOfAMailoutThatIsNotFinished() {
        fixture.givenCurrentTime(NOW)
                .andGiven(SCHEDULED, startedAt(NOW))
                .when(new CreateFollowUp(MAILOUT, MailoutId.random()))
                .expectException(ConflictException.class)
                .expectNoEvents();
    }
}

package io.mailing.command.mailout;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.createNew;

import io.mailing.command.mailout.MailoutCommands.CancelMailout;
import io.mailing.command.mailout.MailoutCommands.ChangeMailout;
import io.mailing.command.mailout.MailoutCommands.CompleteMailout;
import io.mailing.command.mailout.MailoutCommands.CreateFollowUp;
import io.mailing.command.mailout.MailoutCommands.PauseMailout;
import io.mailing.command.mailout.MailoutCommands.ResumeMailout;
import io.mailing.command.mailout.MailoutCommands.ScheduleMailout;
import io.mailing.command.mailout.MailoutCommands.StartMailout;
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
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A mailout's lifecycle: {@code SCHEDULED → RUNNING ⇄ PAUSED → COMPLETED}, or {@code CANCELLED} from any state that
 * is not final. It completes (is closed) at its {@code endAt}, or earlier when the sending side reports every
 * message final. Persistent deadlines start it at {@code startAt} and close it at {@code endAt}; each deadline
 * carries the instant it was set for, and one that no longer matches the mailout (it was rescheduled) does
 * nothing, so a deadline that fires twice or late never starts a mailout twice or after its end. Commands for the
 * id of another kind of aggregate answer "not found" ({@link io.mailing.platform.axon.OwnEventsOnly}).
 */
@Aggregate(commandTargetResolver = "commandTargets")
class Mailout {

    static final String START_DEADLINE = "mailout-start";
    static final String END_DEADLINE = "mailout-end";

    @AggregateIdentifier
    private MailoutId id;

    private MailoutStatus status;
    private MailoutDefinition definition;
    private MailoutId followUp;

    Mailout() {}

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    MailoutStatus handle(ScheduleMailout command, DeadlineManager deadlines) {
        requireEndInFuture(command.definition());
        schedule(command.id(), command.definition(), null, deadlines);
        return status;
    }

    /**
     * Every change reschedules both deadlines, even when it keeps their instants: a deadline carries the metadata of
     * the command that scheduled it, so the mailout's start and close are attributed to whoever changed it last.
     */
    @CommandHandler
    MailoutStatus handle(ChangeMailout command, DeadlineManager deadlines) {
        requireStatus(EnumSet.of(MailoutStatus.SCHEDULED), "changed");
        MailoutDefinition requested = command.definition();
        requireEndInFuture(requested);
        apply(new MailoutChanged(
                id.value(),
                requested.text(),
                requested.startAt(),
                requested.endAt(),
                requested.filter(),
                requested.deliveryWindow(),
                requested.includeLateJoiners(),
                requested.channel(),
                requested.email()));
        deadlines.cancelAllWithinScope(START_DEADLINE);
        deadlines.cancelAllWithinScope(END_DEADLINE);
        scheduleDeadlines(deadlines);
        return status;
    }

    @CommandHandler
    MailoutStatus handle(StartMailout command, DeadlineManager deadlines) {
        requireStatus(EnumSet.of(MailoutStatus.SCHEDULED), "started");
        start(now());
        deadlines.cancelAllWithinScope(START_DEADLINE);
        return status;
    }

    @CommandHandler
    MailoutStatus handle(PauseMailout command) {
        requireStatus(EnumSet.of(MailoutStatus.RUNNING), "paused");
        apply(new MailoutPaused(id.value(), now()));
        return status;
    }

    @CommandHandler
    MailoutStatus handle(ResumeMailout command) {
        requireStatus(EnumSet.of(MailoutStatus.PAUSED), "resumed");
        apply(new MailoutResumed(id.value(), now()));
        return status;
    }

    @CommandHandler
    MailoutStatus handle(CancelMailout command, DeadlineManager deadlines) {
        requireStatus(EnumSet.of(MailoutStatus.SCHEDULED, MailoutStatus.RUNNING, MailoutStatus.PAUSED), "cancelled");
        apply(new MailoutCancelled(id.value(), now()));
        deadlines.cancelAllWithinScope(START_DEADLINE);
        deadlines.cancelAllWithinScope(END_DEADLINE);
        return status;
    }

    /**
     * Sends a finished mailout again, as a new mailout, to the customers whose messages ended {@code FAILED} or
     * {@code EXPIRED}: the same text and delivery window, starting now and running as long as this one was planned
     * to. Both mailouts are written in one unit of work, so the trail of neither tells of the other without it. One
     * follow-up per mailout: a second request (a double click) is a conflict that names the first.
     */
    @CommandHandler
    FollowUp handle(CreateFollowUp command, DeadlineManager deadlines) throws Exception {
        requireStatus(EnumSet.of(MailoutStatus.COMPLETED, MailoutStatus.CANCELLED), "followed up");
        if (followUp != null) {
            throw new ConflictException(
                    "Mailout " + id + " was followed up already, by " + followUp,
                    Map.of("followUpId", followUp.value().toString()));
        }
        Instant now = now();
        Duration planned = Duration.between(definition.startAt(), definition.endAt());
        Instant end =
                now.plus(planned).isAfter(MailoutDefinition.LATEST) ? MailoutDefinition.LATEST : now.plus(planned);
        MailoutDefinition again = new MailoutDefinition(
                definition.text(),
                now,
                end,
                definition.filter(),
                definition.deliveryWindow(),
                false,
                definition.channel(),
                definition.email());
        apply(new MailoutFollowUpCreated(id.value(), command.followUpId().value(), now));
        // Created empty and scheduled once it is registered: an aggregate applies its events at once only then.
        MailoutStatus followUpStatus = createNew(Mailout.class, Mailout::new)
                .invoke(mailout -> mailout.schedule(command.followUpId(), again, id, deadlines));
        return new FollowUp(followUpStatus, again);
    }

    /** What a follow-up became: its status (running from its start) and its definition. */
    record FollowUp(MailoutStatus status, MailoutDefinition definition) {}

    /**
     * Closes the mailout once its dispatch completed. A mailout that is final already (closed at its end, or
     * cancelled) stays as it is: completion is reported for those too, and is no conflict.
     */
    @CommandHandler
    MailoutStatus handle(CompleteMailout command, DeadlineManager deadlines) {
        if (status == MailoutStatus.RUNNING || status == MailoutStatus.PAUSED) {
            apply(new MailoutClosed(id.value(), now()));
            deadlines.cancelAllWithinScope(END_DEADLINE);
        }
        return status;
    }

    @DeadlineHandler(deadlineName = START_DEADLINE)
    void onStartDue(Instant scheduledFor) {
        boolean current = status == MailoutStatus.SCHEDULED && scheduledFor.equals(definition.startAt());
        Instant at = handledAt(scheduledFor);
        if (current && at.isBefore(definition.endAt())) {
            start(at);
        }
    }

    @DeadlineHandler(deadlineName = END_DEADLINE)
    void onEndDue(Instant scheduledFor, DeadlineManager deadlines) {
        if (!status.isFinal() && scheduledFor.equals(definition.endAt())) {
            apply(new MailoutClosed(id.value(), handledAt(scheduledFor)));
            deadlines.cancelAllWithinScope(START_DEADLINE);
        }
    }

    /** Schedules this new mailout, a follow-up of {@code followUpOf} unless that is {@code null}; its status after. */
    private MailoutStatus schedule(
            MailoutId mailoutId, MailoutDefinition requested, MailoutId followUpOf, DeadlineManager deadlines) {
        apply(new MailoutScheduled(
                mailoutId.value(),
                requested.text(),
                requested.startAt(),
                requested.endAt(),
                requested.filter(),
                requested.deliveryWindow(),
                requested.includeLateJoiners(),
                requested.channel(),
                requested.email()));
        if (followUpOf != null) {
            apply(new FollowUpScheduled(mailoutId.value(), followUpOf.value()));
        }
        scheduleDeadlines(deadlines);
        return status;
    }

    /**
     * When a deadline is handled: never before it was due. In production that is the clock (a deadline fires at or
     * after its time); a fixture test, which simulates time only for commands, gets the simulated due time.
     */
    private static Instant handledAt(Instant due) {
        Instant now = now();
        return now.isAfter(due) ? now : due;
    }

    private void scheduleDeadlines(DeadlineManager deadlines) {
        if (definition.startAt().isAfter(now())) {
            deadlines.schedule(definition.startAt(), START_DEADLINE, definition.startAt());
        } else {
            start(now());
        }
        deadlines.schedule(definition.endAt(), END_DEADLINE, definition.endAt());
    }

    private void start(Instant at) {
        apply(new MailoutStarted(
                id.value(),
                at,
                definition.text(),
                definition.filter(),
                definition.deliveryWindow(),
                definition.endAt(),
                definition.includeLateJoiners(),
                definition.channel(),
                definition.email()));
    }

    private static void requireEndInFuture(MailoutDefinition requested) {
        if (!requested.endAt().isAfter(now())) {
            throw new InvalidInputException("endAt", "must be in the future");
        }
    }

    private void requireStatus(Set<MailoutStatus> allowed, String action) {
        if (!allowed.contains(status)) {
            throw new ConflictException(
                    "Mailout " + id + " is " + status + "; only a mailout that is " + allowed + " can be " + action,
                    Map.of("currentStatus", status.name()));
        }
    }

    /** Axon's clock: the system clock in production, the simulated time in fixture tests. */
    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    @EventSourcingHandler
    void on(MailoutScheduled event) {
        id = new MailoutId(event.mailoutId());
        status = MailoutStatus.SCHEDULED;
        definition = MailoutDefinition.of(event);
    }

    @EventSourcingHandler
    void on(MailoutChanged event) {
        definition = MailoutDefinition.of(event);
    }

    @EventSourcingHandler
    void on(MailoutFollowUpCreated event) {
        followUp = new MailoutId(event.followUpId());
    }

    @EventSourcingHandler
    void on(MailoutStarted event) {
        status = MailoutStatus.RUNNING;
    }

    @EventSourcingHandler
    void on(MailoutPaused event) {
        status = MailoutStatus.PAUSED;
    }

    @EventSourcingHandler
    void on(MailoutResumed event) {
        status = MailoutStatus.RUNNING;
    }

    @EventSourcingHandler
    void on(MailoutCancelled event) {
        status = MailoutStatus.CANCELLED;
    }

    @EventSourcingHandler
    void on(MailoutClosed event) {
        status = MailoutStatus.COMPLETED;
    }
}

package io.mailing.sending.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.events.customer.CustomerChanged;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.mailout.AudienceClosed;
import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.AudienceFixed;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.FollowUpScheduled;
import io.mailing.events.mailout.MailoutClosed;
import io.mailing.events.mailout.MailoutCompleted;
import io.mailing.events.mailout.MailoutStarted;
import io.mailing.sending.message.MessageCommands.QueueMessage;
import io.mailing.testsupport.MigratedDatabase;
import io.mailing.testsupport.ProjectionFixture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.test.utils.RecordingCommandBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sending side's audience as the projection keeps it in stream order, what it announces and the late joiners
 * its policy queues, on the sending schema, without Spring: announcements go to an event bus of Axon's that records them,
 * commands to Axon's recording command bus.
 */
class AudienceProjectionIT {

    private static final MigratedDatabase DATABASE = MigratedDatabase.of("sending");
    private static final Instant NOW = Instant.parse("2030-01-07T08:00:00Z");
    private static final Instant END = Instant.parse("2030-01-07T20:00:00Z");
    private static final UUID MAILOUT = UUID.fromString("6f1c6a2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f");
    private static final UUID FOLLOW_UP = UUID.fromString("6f1c6a2e-3a4b-4c5d-8e9f-0a1b2c3d4e60");
    private static final String TEXT = "Black Friday: -30% on everything";
    private static final AudienceFilter MTS = new AudienceFilter(List.of("916"), List.of());
    private static final UUID ANNA = UUID.fromString("11111111-0000-0000-0000-000000000000");
    private static final UUID BORIS = UUID.fromString("22222222-0000-0000-0000-000000000000");
    private static final CustomerRegistered ANNA_REGISTERED =
            new CustomerRegistered(ANNA, "79160000001", "916", List.of(), "Europe/Moscow", null);
    private static final CustomerRegistered BORIS_REGISTERED =
            new CustomerRegistered(BORIS, "79030000002", "903", List.of(), "Asia/Tokyo", null);

    private final List<Object> announced = new ArrayList<>();
    private final RecordingCommandBus commands = new RecordingCommandBus();
    private final JdbcAudience audience = new JdbcAudience(DATABASE.jdbc(), 10);
    private final ProjectionFixture fixture = new ProjectionFixture(new AudienceProjection(
            DATABASE.jdbc(),
            recordingEventBus(),
            new LateJoiners(
                    DATABASE.jdbc(),
                    DefaultCommandGateway.builder().commandBus(commands).build())));

    @BeforeEach
    void emptyTheSendingSchema() {
        DATABASE.empty();
    }

    @Test
    void fixesAStartedMailoutsAudienceAsOfItsStartAndAnnouncesIt() {
        fixture.given(ANNA_REGISTERED, BORIS_REGISTERED).when(started(MAILOUT, false));

        assertThat(announced).containsExactly(fixed(MAILOUT));
        assertThat(audience.next(MAILOUT, null).recipients())
                .containsExactly(new Recipient(ANNA, "79160000001", null, "Europe/Moscow"));
    }

    @Test
    void leavesOutOfTheFixedAudienceWhoJoinsAfterTheStart() {
        fixture.given(started(MAILOUT, false)).when(ANNA_REGISTERED);

        assertThat(audience.next(MAILOUT, null).recipients()).isEmpty();
        assertThat(queued()).isEmpty();
    }

    @Test
    void announcesNothingWhenAStartIsReplayed() {
        fixture.whenReplaying(started(MAILOUT, false));

        assertThat(announced).isEmpty();
    }

    @Test
    void queuesALateJoinerWhoMatchesARunningMailoutThatTakesThem() {
        fixture.given(started(MAILOUT, true)).when(ANNA_REGISTERED, BORIS_REGISTERED);

        assertThat(queued())
                .containsExactly(new QueueMessage(
                        MAILOUT, ANNA, "79160000001", TEXT, "Europe/Moscow", null, END, Channel.SMS, null));
    }

    @Test
    void queuesACustomerWhoCameToMatchThroughAChange() {
        fixture.given(BORIS_REGISTERED, started(MAILOUT, true))
                .when(new CustomerChanged(BORIS, "79160000002", "916", List.of(), "Asia/Tokyo", null));

        assertThat(queued())
                .containsExactly(new QueueMessage(
                        MAILOUT, BORIS, "79160000002", TEXT, "Asia/Tokyo", null, END, Channel.SMS, null));
    }

    @Test
    void leavesOutOfTheAudienceAndOfTheLateJoinersWhoHasNoPhone() {
        UUID cara = UUID.fromString("33333333-0000-0000-0000-000000000000");
        UUID dina = UUID.fromString("44444444-0000-0000-0000-000000000000");
        AudienceFilter vips = new AudienceFilter(List.of(), List.of("vip"));

        fixture.given(
                        new CustomerRegistered(cara, null, null, List.of("vip"), "UTC", "cara@example.com"),
                        new CustomerRegistered(ANNA, "79160000001", "916", List.of("vip"), "UTC", null),
                        new MailoutStarted(MAILOUT, NOW, TEXT, vips, null, END, true, Channel.SMS, null))
                .when(
                        new CustomerRegistered(dina, null, null, List.of("vip"), "UTC", "dina@example.com"),
                        new CustomerRegistered(BORIS, "79030000002", "903", List.of("vip"), "UTC", null));

        assertThat(audience.next(MAILOUT, null).recipients())
                .containsExactly(new Recipient(ANNA, "79160000001", null, "UTC"));
        assertThat(queued())
                .containsExactly(
                        new QueueMessage(MAILOUT, BORIS, "79030000002", TEXT, "UTC", null, END, Channel.SMS, null));
        assertThat(DATABASE.jdbc()
                        .queryForObject("SELECT email FROM sending.audience WHERE customer_id = ?", String.class, cara))
                .isEqualTo("cara@example.com");
    }

    @Test
    void queuesNoLateJoinerOnceTheMailoutClosed() {
        fixture.given(started(MAILOUT, true), new MailoutClosed(MAILOUT, NOW)).when(ANNA_REGISTERED);

        assertThat(queued()).isEmpty();
    }

    @Test
    void closesTheAudienceOnceWhenTheMailoutCloses() {
        MailoutClosed closed = new MailoutClosed(MAILOUT, NOW);

        fixture.given(started(MAILOUT, true), closed).whenHandlingAgain(closed);

        assertThat(announced).extracting(Object::getClass).containsExactly(AudienceFixed.class, AudienceClosed.class);
    }

    @Test
    void holdsAFollowUpsAudienceUntilItsOriginalsDispatchCompletes() {
        fixture.given(started(MAILOUT, false), new FollowUpScheduled(FOLLOW_UP, MAILOUT), started(FOLLOW_UP, false))
                .when(new MailoutCompleted(MAILOUT, NOW, 0, 0, 0, 0, 0, 0));

        assertThat(announced).containsExactly(fixed(MAILOUT), fixed(FOLLOW_UP));
    }

    private List<Object> queued() {
        return commands.getDispatchedCommands().stream()
                .<Object>map(CommandMessage::getPayload)
                .toList();
    }

    private EventBus recordingEventBus() {
        EventBus eventBus = SimpleEventBus.builder().build();
        eventBus.subscribe(events -> events.stream()
                .map(EventMessage::getPayload)
                .map(payload -> payload instanceof AudienceFixed fixed ? fixed(fixed.mailoutId()) : payload)
                .forEach(announced::add));
        return eventBus;
    }

    private static MailoutStarted started(UUID mailoutId, boolean lateJoiners) {
        return new MailoutStarted(mailoutId, NOW, TEXT, MTS, null, END, lateJoiners, Channel.SMS, null);
    }

    /** An announcement of a fixed audience, with the time left out: the projection stamps it with the clock's. */
    private static AudienceFixed fixed(UUID mailoutId) {
        return new AudienceFixed(mailoutId, null);
    }
}

package io.mailing.sending.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.events.customer.CustomerRemoved;
import io.mailing.events.mailout.AudienceFixed;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.FollowUpScheduled;
import io.mailing.events.mailout.MailoutCompleted;
import io.mailing.events.mailout.MailoutFollowUpCreated;
import io.mailing.events.mailout.MailoutPaused;
import io.mailing.events.mailout.MailoutStatus;
import io.mailing.events.message.ErrorKind;
import io.mailing.events.message.MessageAttemptFailed;
import io.mailing.events.message.MessageExpired;
import io.mailing.events.message.MessageQueued;
import io.mailing.events.message.MessageSent;
import io.mailing.events.message.MessageStatus;
import io.mailing.sending.publishing.DeliveryEvent.Error;
import io.mailing.sending.publishing.MailoutEvent.Counts;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

class IntegrationEventsTest {

    private static final UUID MAILOUT = UUID.randomUUID();
    private static final UUID MESSAGE = UUID.randomUUID();
    private static final UUID CUSTOMER = UUID.randomUUID();
    private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");
    /** Every mailout is an SMS one, but {@link #MAILOUT}, sent by e-mail. */
    private static final Function<UUID, Channel> CHANNELS =
            mailout -> mailout.equals(MAILOUT) ? Channel.EMAIL : Channel.SMS;

    @Test
    void aSentMessageIsADeliveryEventWithItsAttemptAndItsMailoutsChannel() {
        EventMessage<?> event =
                GenericEventMessage.asEventMessage(new MessageSent(MESSAGE, MAILOUT, CUSTOMER, 2, AT, AT));

        assertThat(IntegrationEvents.of(CHANNELS, event))
                .contains(new DeliveryEvent(
                        event.getIdentifier(),
                        "MessageSent",
                        event.getTimestamp(),
                        MAILOUT,
                        MESSAGE,
                        CUSTOMER,
                        Channel.EMAIL,
                        MessageStatus.SENT,
                        2,
                        null,
                        null,
                        null));
    }

    @Test
    void aQueuedMessageNamesItsOwnChannel() {
        DeliveryEvent queued = (DeliveryEvent) IntegrationEvents.of(
                        CHANNELS,
                        GenericEventMessage.asEventMessage(new MessageQueued(
                                MESSAGE,
                                UUID.randomUUID(),
                                CUSTOMER,
                                1L,
                                null,
                                "Hello",
                                "UTC",
                                null,
                                AT,
                                AT,
                                Channel.EMAIL,
                                "ann@example.com",
                                null,
                                null)))
                .orElseThrow();

        assertThat(queued.channel()).isEqualTo(Channel.EMAIL);
        assertThat(queued.status()).isEqualTo(MessageStatus.QUEUED);
    }

    @Test
    void aFailedAttemptCarriesItsErrorAndARetryOnlyWhenThereIsOne() {
        Instant retryAt = AT.plusSeconds(30);
        DeliveryEvent retried = (DeliveryEvent) IntegrationEvents.of(
                        CHANNELS,
                        GenericEventMessage.asEventMessage(new MessageAttemptFailed(
                                MESSAGE, MAILOUT, CUSTOMER, 1, AT, AT, ErrorKind.TIMEOUT, "no answer", retryAt)))
                .orElseThrow();
        DeliveryEvent last = (DeliveryEvent) IntegrationEvents.of(
                        CHANNELS,
                        GenericEventMessage.asEventMessage(new MessageAttemptFailed(
                                MESSAGE, MAILOUT, CUSTOMER, 3, AT, AT, ErrorKind.CLIENT_ERROR, "400", null)))
                .orElseThrow();

        assertThat(retried.status()).isEqualTo(MessageStatus.RETRYING);
        assertThat(retried.nextAttemptAt()).isEqualTo(retryAt);
        assertThat(retried.error()).isEqualTo(new Error(ErrorKind.TIMEOUT, "no answer"));
        assertThat(last.status()).as("the final status event follows").isNull();
        assertThat(last.attempt()).isEqualTo(3);
    }

    @Test
    void anExpiredMessageSaysWhy() {
        DeliveryEvent expired = (DeliveryEvent) IntegrationEvents.of(
                        CHANNELS,
                        GenericEventMessage.asEventMessage(
                                new MessageExpired(MESSAGE, MAILOUT, CUSTOMER, 1, AT, "the mailout ended")))
                .orElseThrow();

        assertThat(expired.status()).isEqualTo(MessageStatus.EXPIRED);
        assertThat(expired.reason()).isEqualTo("the mailout ended");
    }

    @Test
    void mailoutLifecycleEventsCarryTheStatusAndTheCompletionItsCounts() {
        MailoutEvent paused = (MailoutEvent)
                IntegrationEvents.of(CHANNELS, GenericEventMessage.asEventMessage(new MailoutPaused(MAILOUT, AT)))
                        .orElseThrow();
        MailoutEvent completed = (MailoutEvent) IntegrationEvents.of(
                        CHANNELS,
                        GenericEventMessage.asEventMessage(new MailoutCompleted(MAILOUT, AT, 10, 7, 1, 1, 1, 0)))
                .orElseThrow();

        assertThat(paused.status()).isEqualTo(MailoutStatus.PAUSED);
        assertThat(paused.mailoutId()).isEqualTo(MAILOUT);
        assertThat(completed.messages()).isEqualTo(new Counts(10, 7, 1, 1, 1, 0));
    }

    @Test
    void aFollowUpAndItsOriginalNameEachOther() {
        UUID followUp = UUID.randomUUID();
        MailoutEvent created = (MailoutEvent) IntegrationEvents.of(
                        CHANNELS, GenericEventMessage.asEventMessage(new MailoutFollowUpCreated(MAILOUT, followUp, AT)))
                .orElseThrow();
        MailoutEvent scheduled = (MailoutEvent) IntegrationEvents.of(
                        CHANNELS, GenericEventMessage.asEventMessage(new FollowUpScheduled(followUp, MAILOUT)))
                .orElseThrow();

        assertThat(created.mailoutId()).isEqualTo(MAILOUT);
        assertThat(created.followUpId()).isEqualTo(followUp);
        assertThat(scheduled.mailoutId()).isEqualTo(followUp);
        assertThat(scheduled.followUpOf()).isEqualTo(MAILOUT);
    }

    @Test
    void otherEventsAreNotPublished() {
        assertThat(IntegrationEvents.of(CHANNELS, GenericEventMessage.asEventMessage(new AudienceFixed(MAILOUT, AT))))
                .isEmpty();
        assertThat(IntegrationEvents.of(
                        CHANNELS,
                        GenericEventMessage.asEventMessage(new CustomerRemoved(CUSTOMER, "79161234567", null))))
                .isEmpty();
    }
}

package io.mailing.platform.upcasting;

import io.mailing.events.customer.CustomerChanged;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.customer.CustomerRemoved;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.MailoutChanged;
import io.mailing.events.mailout.MailoutCompleted;
import io.mailing.events.mailout.MailoutScheduled;
import io.mailing.events.mailout.MailoutStarted;
import io.mailing.events.message.MessageQueued;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The upcasters of the published language, one chain for every service, since every service reads the same stored
 * events. Axon's Spring Boot support hands this bean to the event store, which upcasts what it reads.
 */
@AutoConfiguration
public class UpcastingConfiguration {

    /**
     * Revision 2 of the customer events (a customer may have an e-mail address), of the mailout events that define a
     * mailout (it has a channel, and an e-mail mailout a subject and an HTML body), of {@code MessageQueued} (a
     * message has a channel, and an e-mail an address), revision 3 of {@code MessageQueued} (a one-off e-mail has a
     * subject and HTML body of its own) and revision 2 of {@code MailoutCompleted} (it counts the suppressed messages,
     * none before there was an opt-out list).
     */
    @Bean
    EventUpcaster publishedLanguageUpcasters() {
        return chain()::upcast;
    }

    /** The chain itself, for tests that read stored events without Spring. */
    public static EventUpcasterChain chain() {
        return new EventUpcasterChain(
                FieldsAdded.to(CustomerRegistered.class, "1", "2").with("email", null),
                FieldsAdded.to(CustomerChanged.class, "1", "2").with("email", null),
                FieldsAdded.to(CustomerRemoved.class, "1", "2").with("email", null),
                sms(MailoutScheduled.class).with("email", null),
                sms(MailoutChanged.class).with("email", null),
                sms(MailoutStarted.class).with("email", null),
                sms(MessageQueued.class).with("email", null),
                FieldsAdded.to(MessageQueued.class, "2", "3")
                        .with("subject", null)
                        .with("html", null),
                FieldsAdded.to(MailoutCompleted.class, "1", "2").with("suppressed", 0));
    }

    /** Revision 1 to 2 of an event that names a channel since: SMS, the one channel before. */
    private static FieldsAdded sms(Class<?> event) {
        return FieldsAdded.to(event, "1", "2").with("channel", Channel.SMS.name());
    }
}

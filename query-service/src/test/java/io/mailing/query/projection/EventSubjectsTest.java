package io.mailing.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.events.customer.CustomerRemoved;
import io.mailing.events.mailout.MailoutPaused;
import io.mailing.events.message.MessageSent;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventSubjectsTest {

    private static final UUID MAILOUT = UUID.randomUUID();
    private static final UUID MESSAGE = UUID.randomUUID();
    private static final UUID CUSTOMER = UUID.randomUUID();

    @Test
    void aMessageEventNamesItsMessageMailoutAndCustomer() {
        assertThat(EventSubjects.of(new MessageSent(MESSAGE, MAILOUT, CUSTOMER, 1, Instant.EPOCH, Instant.EPOCH)))
                .isEqualTo(new EventSubjects(MAILOUT, MESSAGE, CUSTOMER));
    }

    @Test
    void otherEventsNameWhatTheyHave() {
        assertThat(EventSubjects.of(new MailoutPaused(MAILOUT, Instant.EPOCH)))
                .isEqualTo(new EventSubjects(MAILOUT, null, null));
        assertThat(EventSubjects.of(new CustomerRemoved(CUSTOMER, "79161234567")))
                .isEqualTo(new EventSubjects(null, null, CUSTOMER));
        assertThat(EventSubjects.of("not an event record")).isEqualTo(new EventSubjects(null, null, null));
    }
}

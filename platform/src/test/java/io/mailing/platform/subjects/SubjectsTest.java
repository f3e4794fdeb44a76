package io.mailing.platform.subjects;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.events.mailout.Channel;
import io.mailing.events.optout.OptOutWithdrawn;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SubjectsTest {

    private static final UUID MAILOUT = UUID.randomUUID();
    private static final UUID MESSAGE = UUID.randomUUID();
    private static final UUID CUSTOMER = UUID.randomUUID();

    record MessageSent(UUID messageId, UUID mailoutId, UUID customerId, int attempt) {}

    record MailoutPaused(UUID mailoutId, String reason) {}

    record MailoutId(UUID value) {}

    record MessageId(UUID value) {}

    record StartMailout(MailoutId id) {}

    record RecordAttempt(MessageId messageId, int attempt) {}

    record Tagged(UUID id, UUID otherId, String mailoutId) {}

    record Reported(UUID reportId, String date) {}

    @Test
    void anEventNamesItsSubjectsByItsUuidComponents() {
        assertThat(Subjects.of(new MessageSent(MESSAGE, MAILOUT, CUSTOMER, 1)))
                .isEqualTo(new Subjects(MAILOUT, MESSAGE, CUSTOMER, null, null));
        assertThat(Subjects.of(new MailoutPaused(MAILOUT, "x")))
                .isEqualTo(new Subjects(MAILOUT, null, null, null, null));
        assertThat(Subjects.of(new Reported(MESSAGE, "2026-12-06")))
                .isEqualTo(new Subjects(null, null, null, MESSAGE, null));
        assertThat(Subjects.of(new OptOutWithdrawn(CUSTOMER, Channel.SMS, "79161234567", Instant.EPOCH)))
                .isEqualTo(new Subjects(null, null, null, null, CUSTOMER));
    }

    @Test
    void aCommandNamesItsSubjectsByItsTypedIds() {
        assertThat(Subjects.of(new StartMailout(new MailoutId(MAILOUT))))
                .isEqualTo(new Subjects(MAILOUT, null, null, null, null));
        assertThat(Subjects.of(new RecordAttempt(new MessageId(MESSAGE), 2)))
                .isEqualTo(new Subjects(null, MESSAGE, null, null, null));
        assertThat(Subjects.of(new StartMailout(null))).isEqualTo(new Subjects(null, null, null, null, null));
    }

    @Test
    void anythingElseHasNoSubjects() {
        assertThat(Subjects.of(new Tagged(MAILOUT, MESSAGE, "not a uuid")))
                .isEqualTo(new Subjects(null, null, null, null, null));
        assertThat(Subjects.of("not a record")).isEqualTo(new Subjects(null, null, null, null, null));
    }
}

package io.mailing.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.deadletter.DeadLetterEvicted;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.MailoutCompleted;
import io.mailing.events.mailout.MailoutStarted;
import io.mailing.events.message.MessageSent;
import io.mailing.events.report.DailyReportSent;
import io.mailing.platform.subjects.Subjects;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditIndexingTest {

    private static final UUID MAILOUT = UUID.randomUUID();
    private static final UUID MESSAGE = UUID.randomUUID();
    private static final UUID CUSTOMER = UUID.randomUUID();
    private static final UUID REPORT = UUID.randomUUID();
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void indexesAMessagesEventUnderItsMailoutOnly() {
        MessageSent sent = new MessageSent(MESSAGE, MAILOUT, CUSTOMER, 1, NOW, NOW);

        assertThat(trails(sent, "Message", MESSAGE.toString())).containsExactly(new TrailKey(Subject.MAILOUT, MAILOUT));
    }

    @Test
    void indexesNoAggregatesEventUnderItsOwnSubject() {
        assertThat(trails(
                        new MailoutStarted(MAILOUT, NOW, "Hi", null, null, NOW, false, Channel.SMS, null),
                        "Mailout",
                        MAILOUT.toString()))
                .isEmpty();
        assertThat(trails(
                        new CustomerRegistered(CUSTOMER, "79160000001", "916", List.of(), "UTC", null),
                        "Customer",
                        CUSTOMER.toString()))
                .isEmpty();
    }

    @Test
    void indexesAnEventNoAggregateAppliedUnderEverySubjectItNames() {
        String eventId = UUID.randomUUID().toString();
        DeadLetterEvicted evicted = new DeadLetterEvicted(
                "query-mailouts", "e", "MessageSent", MESSAGE.toString(), "boom", MAILOUT, MESSAGE, CUSTOMER);

        assertThat(trails(evicted, null, eventId))
                .containsExactly(
                        new TrailKey(Subject.MAILOUT, MAILOUT),
                        new TrailKey(Subject.MESSAGE, MESSAGE),
                        new TrailKey(Subject.CUSTOMER, CUSTOMER));
        assertThat(trails(new MailoutCompleted(MAILOUT, NOW, 1, 1, 0, 0, 0, 0), null, eventId))
                .containsExactly(new TrailKey(Subject.MAILOUT, MAILOUT));
        DailyReportSent report = new DailyReportSent(
                REPORT, "2026-12-05", "UTC", NOW, NOW, NOW, NOW, List.of(), false, "SCHEDULED", 0, Map.of());
        assertThat(trails(report, null, eventId)).containsExactly(new TrailKey(Subject.REPORT, REPORT));
    }

    @Test
    void indexesAnEventOfAnotherKindOfAggregateWithTheSameIdUnderItsSubject() {
        assertThat(trails(new MailoutCompleted(MAILOUT, NOW, 1, 1, 0, 0, 0, 0), "Customer", MAILOUT.toString()))
                .containsExactly(new TrailKey(Subject.MAILOUT, MAILOUT));
    }

    @Test
    void splitsABatchsPositionsSoThatNoRowSpansMoreThanTheLimit() {
        TrailKey trail = new TrailKey(Subject.MAILOUT, MAILOUT);

        List<IndexRow> rows = IndexRow.split(trail, List.of(10L, 11L, 15L, 110L, 111L, 300L), 100);

        assertThat(rows).extracting(IndexRow::first).containsExactly(10L, 111L, 300L);
        assertThat(rows).extracting(IndexRow::last).containsExactly(110L, 111L, 300L);
        assertThat(rows).allSatisfy(row -> assertThat(row.span()).isLessThanOrEqualTo(100));
        assertThat(IndexRow.split(trail, List.of(7L), 100))
                .singleElement()
                .satisfies(row -> assertThat(row.positions()).containsExactly(7L));
    }

    @Test
    void namesAnEventTypeByItsSimpleName() {
        assertThat(AuditTrail.simpleName("io.mailing.events.message.MessageSent"))
                .isEqualTo("MessageSent");
        assertThat(AuditTrail.simpleName("io.mailing.Outer$Inner")).isEqualTo("Inner");
    }

    private static List<TrailKey> trails(Object payload, String aggregateType, String aggregateId) {
        return AuditIndexing.trailsToIndex(Subjects.of(payload), aggregateType, aggregateId);
    }
}

package io.mailing.query.audit;

import io.mailing.platform.subjects.Subjects;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Which trails must remember an event in the audit index: the trails it names that cannot find it in the event store
 * by themselves. A trail finds its subject's own events (the aggregate with the subject's id and type), and a
 * customer's trail also the events of the messages sent to that customer (their ids from {@code query.message}); so
 * a message's events are indexed under their mailout only, a mailout's, a customer's and a message's own events
 * under nothing, and the events no aggregate applies ({@code MailoutCompleted}, {@code AudienceBatchReleased},
 * {@code AudienceFixed}, {@code AudienceClosed}, {@code DeadLetterEvicted}, {@code DailyReportSent}) under every
 * subject they name. The rule reads only the event's subjects and its aggregate, so a new event type needs no change
 * here.
 */
final class AuditIndexing {

    private AuditIndexing() {}

    /**
     * The trails that index this event.
     *
     * @param subjects what the event names
     * @param aggregateType the type of the aggregate that applied it, {@code null} for an event no aggregate applied
     * @param aggregateId that aggregate's id (for an event no aggregate applied, whatever the store says)
     */
    static List<TrailKey> trailsToIndex(Subjects subjects, String aggregateType, String aggregateId) {
        List<TrailKey> trails = new ArrayList<>(2);
        add(trails, Subject.MAILOUT, subjects.mailoutId(), aggregateType, aggregateId);
        add(trails, Subject.MESSAGE, subjects.messageId(), aggregateType, aggregateId);
        if (!isOwn(Subject.MESSAGE, subjects.messageId(), aggregateType, aggregateId)) {
            add(trails, Subject.CUSTOMER, subjects.customerId(), aggregateType, aggregateId);
        }
        add(trails, Subject.REPORT, subjects.reportId(), aggregateType, aggregateId);
        add(trails, Subject.OPT_OUT, subjects.optOutId(), aggregateType, aggregateId);
        return trails;
    }

    private static void add(List<TrailKey> trails, Subject subject, UUID id, String aggregateType, String aggregateId) {
        if (id != null && !isOwn(subject, id, aggregateType, aggregateId)) {
            trails.add(new TrailKey(subject, id));
        }
    }

    /** Whether the event is one of the subject's own aggregate events. */
    private static boolean isOwn(Subject subject, UUID id, String aggregateType, String aggregateId) {
        return id != null
                && subject.aggregateType() != null
                && subject.aggregateType().equals(aggregateType)
                && id.toString().equals(aggregateId);
    }
}

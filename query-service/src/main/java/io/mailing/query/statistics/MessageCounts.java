package io.mailing.query.statistics;

import io.mailing.events.message.MessageStatus;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** Messages in all and by status (every status present, zero included). */
public record MessageCounts(long total, Map<MessageStatus, Long> byStatus) {

    static final MessageCounts NONE = of(new long[MessageStatus.values().length]);

    static MessageCounts of(long[] byStatus) {
        Map<MessageStatus, Long> counts = new EnumMap<>(MessageStatus.class);
        long total = 0;
        for (MessageStatus status : MessageStatus.values()) {
            counts.put(status, byStatus[status.ordinal()]);
            total += byStatus[status.ordinal()];
        }
        return new MessageCounts(total, Collections.unmodifiableMap(counts));
    }

    /** How many messages have this status. */
    /** These counts added up. */
    static MessageCounts sum(Collection<MessageCounts> counts) {
        long[] byStatus = new long[MessageStatus.values().length];
        for (MessageCounts each : counts) {
            for (MessageStatus status : MessageStatus.values()) {
                byStatus[status.ordinal()] += each.of(status);
            }
        }
        return of(byStatus);
    }

    public long of(MessageStatus status) {
        return byStatus.get(status);
    }
}

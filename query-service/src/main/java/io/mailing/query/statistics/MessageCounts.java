package io.mailing.query.statistics;

import io.mailing.events.message.MessageStatus;
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
    public long of(MessageStatus status) {
        return byStatus.get(status);
    }
}

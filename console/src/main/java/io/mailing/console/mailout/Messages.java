package io.mailing.console.mailout;

import java.util.List;
import java.util.Map;

/** Messages in all and by status, as the query API counts them. */
public record Messages(long total, Map<String, Long> byStatus) {

    /** The statuses in the order of a message's life. */
    public static final List<String> STATUSES =
            List.of("QUEUED", "DEFERRED", "RETRYING", "SENT", "FAILED", "EXPIRED", "CANCELLED", "SUPPRESSED");

    /** The statuses a mailout's messages can be listed by: a message waiting for its first attempt is only counted. */
    public static final List<String> LISTED =
            STATUSES.stream().filter(status -> !status.equals("QUEUED")).toList();

    /** The final statuses; {@code SUPPRESSED}: not sent, its address being on the opt-out list of its channel. */
    private static final List<String> FINAL = List.of("SENT", "FAILED", "EXPIRED", "CANCELLED", "SUPPRESSED");

    static final Messages NONE = new Messages(0, Map.of());

    public Messages {
        byStatus = byStatus == null ? Map.of() : Map.copyOf(byStatus);
    }

    /** {@link #STATUSES}, for a page that lists them. */
    public List<String> statuses() {
        return STATUSES;
    }

    /** {@link #LISTED}, for a page's filter of a mailout's messages. */
    public List<String> listed() {
        return LISTED;
    }

    public long of(String status) {
        return byStatus.getOrDefault(status, 0L);
    }

    /** Messages that reached a final status. */
    public long finished() {
        return FINAL.stream().mapToLong(this::of).sum();
    }

    /** Finished messages in whole percent of all of them; 0 while there are none. */
    public int percent() {
        return total == 0 ? 0 : (int) (finished() * 100 / total);
    }
}

package io.mailing.sending.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code mailing.delivery.pending.near.end}: the messages still waiting for an attempt whose mailout ends within the
 * next {@link #HORIZON}. A mailout with many of them at a pace too slow to send them before its end will see them
 * expire (the alert {@code MailingMailoutEndingWithMessagesPending} compares the figure with the pace): the queue's
 * rows and the messages of batch rows no claim took yet, counted over the shared tables' {@code end_at} indexes, so
 * every replica reports the same figure; read at most every
 * {@link #TTL}, however often and by however many servers it is scraped. No mailout id tag: mailouts accumulate
 * without bound.
 */
final class PendingNearEnd implements MeterBinder {

    static final Duration HORIZON = Duration.ofMinutes(30);

    private static final Duration TTL = Duration.ofSeconds(5);
    private static final String COUNT = """
            SELECT (SELECT count(*) FROM sending.delivery_queue
                     WHERE end_at > now() AND end_at <= now() + ? * INTERVAL '1 second')
                 + (SELECT coalesce(sum(size - claimed_through), 0) FROM sending.delivery_batch
                     WHERE end_at > now() AND end_at <= now() + ? * INTERVAL '1 second')
            """;

    private final JdbcTemplate jdbc;
    private long count;
    private long countedAt;
    private boolean counted;

    PendingNearEnd(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        Gauge.builder("mailing.delivery.pending.near.end", this, PendingNearEnd::count)
                .description("Messages waiting for an attempt whose mailout ends within the next " + HORIZON.toMinutes()
                        + " minutes")
                .register(meters);
    }

    private synchronized double count() {
        long now = System.nanoTime();
        if (!counted || now - countedAt >= TTL.toNanos()) {
            Long read = jdbc.queryForObject(COUNT, Long.class, HORIZON.toSeconds(), HORIZON.toSeconds());
            count = read == null ? 0 : read;
            countedAt = now;
            counted = true;
        }
        return count;
    }
}

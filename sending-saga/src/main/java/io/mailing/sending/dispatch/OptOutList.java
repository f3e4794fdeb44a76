package io.mailing.sending.dispatch;

import io.mailing.events.optout.AddressOptedOut;
import io.mailing.events.optout.OptOutWithdrawn;
import java.time.ZoneOffset;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The sending service's own copy of the opt-out list ({@code sending.opt_out}), which delivery reads as it claims
 * messages: a message whose address is on it is suppressed instead of sent ({@code MessageSuppressed}). An opt-out
 * reaches the list within the processor's polling interval of its event, so it takes effect for every attempt that
 * is due after that, those of running mailouts included.
 *
 * <p>It is kept by the processor that keeps the sending service's copy of the customer directory
 * ({@link AudienceProjection#PROCESSING_GROUP}): opt-outs are rare, and a processor of their own would read every
 * event of the stream, two or more per message sent, to find them.
 */
@Component
@ProcessingGroup(AudienceProjection.PROCESSING_GROUP)
class OptOutList {

    private final JdbcTemplate jdbc;

    OptOutList(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(AddressOptedOut event) {
        jdbc.update(
                """
                INSERT INTO sending.opt_out (channel, address, opt_out_id, source, opted_out_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (channel, address) DO UPDATE
                    SET source = excluded.source, opted_out_at = excluded.opted_out_at
                """,
                event.channel().name(),
                event.address(),
                event.optOutId(),
                event.source().name(),
                event.optedOutAt().atOffset(ZoneOffset.UTC));
    }

    @EventHandler
    void on(OptOutWithdrawn event) {
        jdbc.update(
                "DELETE FROM sending.opt_out WHERE channel = ? AND address = ?",
                event.channel().name(),
                event.address());
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE sending.opt_out");
    }
}

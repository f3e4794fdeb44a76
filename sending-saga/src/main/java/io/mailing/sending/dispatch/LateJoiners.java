package io.mailing.sending.dispatch;

import io.mailing.events.customer.CustomerDetailsEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.ReplayStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The late-joiner policy: a customer who starts matching a running mailout that takes late joiners
 * ({@code includeLateJoiners}) before its end gets that mailout's message. Messages are idempotent by id, so a
 * customer who was already messaged, or is still to be released with the fixed audience, is not messaged twice. The
 * {@link AudienceProjection} calls it as it handles each customer event, so it reads the mailouts
 * ({@code sending.dispatch_mailout}) as of that point of the stream.
 *
 * @param jdbc reads the running mailouts that take late joiners
 * @param commands takes the late joiners' {@code QueueMessage} commands
 */
@Component
record LateJoiners(JdbcTemplate jdbc, CommandGateway commands) {

    /**
     * Queues a message of each running late-joiner mailout that the customer now matches and can be reached by (an
     * address for its channel); nothing on a replay.
     *
     * @param at when the customer joined or changed: a mailout that had ended by then takes no one
     */
    void queue(CustomerDetailsEvent customer, Instant at, ReplayStatus replay) {
        if (replay.isReplay()) {
            return;
        }
        List<DispatchedMailout> open = jdbc.query(
                "SELECT " + DispatchedMailout.COLUMNS + " FROM sending.dispatch_mailout"
                        + " WHERE late_joiners AND state IN ('RUNNING', 'PAUSED') AND end_at > ?",
                DispatchedMailout.ROW_MAPPER,
                at.atOffset(ZoneOffset.UTC));
        for (DispatchedMailout mailout : open) {
            if (mailout.filter().matches(customer.operatorCode(), customer.tags())
                    && mailout.addressOf(customer.phone(), customer.email()) != null) {
                commands.sendAndWait(mailout.messageTo(
                        customer.customerId(), customer.phone(), customer.email(), customer.timeZone()));
            }
        }
    }
}

package io.mailing.sending.dispatch;

import io.mailing.sending.message.MessageCommands.QueueMessage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
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
     * Queues a message of each running late-joiner mailout that the customer now matches; nothing on a replay, and
     * nothing for a customer without a phone (a mailout is sent by SMS).
     *
     * @param at when the customer joined or changed: a mailout that had ended by then takes no one
     */
    void queue(
            UUID customerId,
            String phone,
            String operatorCode,
            List<String> tags,
            String timeZone,
            Instant at,
            ReplayStatus replay) {
        if (replay.isReplay() || phone == null) {
            return;
        }
        List<DispatchedMailout> open = jdbc.query(
                "SELECT " + DispatchedMailout.COLUMNS + " FROM sending.dispatch_mailout"
                        + " WHERE late_joiners AND state IN ('RUNNING', 'PAUSED') AND end_at > ?",
                DispatchedMailout.ROW_MAPPER,
                at.atOffset(ZoneOffset.UTC));
        for (DispatchedMailout mailout : open) {
            if (mailout.filter().matches(operatorCode, tags)) {
                commands.sendAndWait(new QueueMessage(
                        mailout.mailoutId(),
                        customerId,
                        phone,
                        mailout.text(),
                        timeZone,
                        mailout.deliveryWindow(),
                        mailout.endAt()));
            }
        }
    }
}

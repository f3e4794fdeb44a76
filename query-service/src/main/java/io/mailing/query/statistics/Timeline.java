package io.mailing.query.statistics;

import io.mailing.events.message.MessageStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Messages that became final from {@code from} to {@code to}, one point per step of {@code stepMinutes} minutes
 * (each point's {@code at} is the start of its step), with every final status counted, zero included.
 */
record Timeline(Instant from, Instant to, int stepMinutes, List<Point> points) {

    /** The messages that became final in one step: in all and by final status. */
    record Point(Instant at, long total, Map<MessageStatus, Long> byStatus) {}
}

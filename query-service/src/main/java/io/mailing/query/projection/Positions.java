package io.mailing.query.projection;

import org.axonframework.eventhandling.TrackingToken;

/**
 * The position of the tracking token of the event a streaming processor is handling: the event's own global position
 * when it came in stream order, but for an event that filled a gap (its transaction committed after a later
 * position's) the highest position the processor had seen, which an earlier event may carry too. It grows with each
 * event a segment handles and never falls; where an event's own position matters, {@link EventPositions}.
 */
public final class Positions {

    private Positions() {}

    public static long of(TrackingToken token) {
        return token.position()
                .orElseThrow(() -> new IllegalStateException("The tracking token " + token + " has no position"));
    }
}

package io.mailing.query.projection;

import org.axonframework.eventhandling.TrackingToken;

/** The global position of the event a streaming processor is handling: its index in the event store. */
public final class Positions {

    private Positions() {}

    public static long of(TrackingToken token) {
        return token.position()
                .orElseThrow(() -> new IllegalStateException("The tracking token " + token + " has no position"));
    }
}

package io.mailing.events.message;

/**
 * Where a message stands: {@code QUEUED} (waiting for its first attempt), {@code DEFERRED} (outside the customer's
 * delivery window until it opens), {@code RETRYING} (an attempt failed, the next one is due later), or one of the
 * terminal states {@code SENT}, {@code FAILED}, {@code EXPIRED} (the mailout ended first), {@code CANCELLED} and
 * {@code SUPPRESSED} (its address is on the opt-out list of its channel).
 */
public enum MessageStatus {
    QUEUED,
    DEFERRED,
    RETRYING,
    SENT,
    FAILED,
    EXPIRED,
    CANCELLED,
    SUPPRESSED;

    public boolean isTerminal() {
        return this == SENT || this == FAILED || this == EXPIRED || this == CANCELLED || this == SUPPRESSED;
    }
}

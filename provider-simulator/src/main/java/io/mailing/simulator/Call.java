package io.mailing.simulator;

import java.time.Instant;

/**
 * One recorded call to {@code /v1/send}: one that passed authorization and validation. Its outcome is decided, and
 * the call recorded, the moment it arrives; the answer follows after the latency.
 *
 * @param msgId the message id from the path (equal to the body's {@code id})
 * @param phone the body's {@code phone}
 * @param text the body's {@code text}
 * @param receivedAt when the simulator received the call
 * @param outcome how the simulator answered (or, still within the latency, will answer) it
 */
public record Call(long msgId, long phone, String text, Instant receivedAt, Outcome outcome) {

    /** Whether the call was answered with the contract's success. */
    public boolean delivered() {
        return outcome.delivered();
    }
}

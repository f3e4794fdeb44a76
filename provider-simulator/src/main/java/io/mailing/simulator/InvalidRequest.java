package io.mailing.simulator;

/** A request the simulator refuses with 400; the message says what is wrong and is sent to the client. */
final class InvalidRequest extends RuntimeException {

    InvalidRequest(String message) {
        super(message, null, false, false);
    }
}

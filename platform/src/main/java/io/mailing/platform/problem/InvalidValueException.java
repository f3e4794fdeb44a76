package io.mailing.platform.problem;

/** A value object refused its input; the message says why, the caller knows which field it was. */
public class InvalidValueException extends IllegalArgumentException {

    public InvalidValueException(String message) {
        super(message);
    }
}

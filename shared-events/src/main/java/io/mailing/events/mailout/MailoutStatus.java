package io.mailing.events.mailout;

/**
 * Lifecycle of a mailout: {@code SCHEDULED → RUNNING ⇄ PAUSED → COMPLETED}; any state that is not final can
 * become {@code CANCELLED}.
 */
public enum MailoutStatus {
    SCHEDULED,
    RUNNING,
    PAUSED,
    COMPLETED,
    CANCELLED;

    public boolean isFinal() {
        return this == COMPLETED || this == CANCELLED;
    }
}

package io.mailing.command.mailout;

import java.util.UUID;

/** Identifies a mailout; its string form is the UUID, which is how Axon routes commands to the aggregate. */
record MailoutId(UUID value) {

    static MailoutId random() {
        return new MailoutId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

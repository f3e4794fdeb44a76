package io.mailing.command.mailout;

import com.fasterxml.jackson.annotation.JsonValue;
import io.mailing.platform.ids.RandomIds;
import java.util.UUID;

/**
 * Identifies a mailout; its string form is the UUID, which is how Axon routes commands to the aggregate. It is
 * serialized as that bare string too: a persistent deadline stores the aggregate's id without its type, and must
 * read back the plain id to find the aggregate again.
 */
record MailoutId(@JsonValue UUID value) {

    static MailoutId random() {
        return new MailoutId(RandomIds.uuid());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

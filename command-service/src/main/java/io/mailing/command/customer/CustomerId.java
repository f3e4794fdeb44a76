package io.mailing.command.customer;

import com.fasterxml.jackson.annotation.JsonValue;
import io.mailing.platform.ids.RandomIds;
import java.util.UUID;

/** Identifies a customer; like every aggregate id here it reads and writes as its bare UUID. */
record CustomerId(@JsonValue UUID value) {

    static CustomerId random() {
        return new CustomerId(RandomIds.uuid());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

package io.mailing.events.customer;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/** A customer left the directory; their phone number is free again. */
@Revision("1")
public record CustomerRemoved(UUID customerId, String phone) {}

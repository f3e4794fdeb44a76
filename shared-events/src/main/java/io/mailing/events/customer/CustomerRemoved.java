package io.mailing.events.customer;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * A customer left the directory; their phone number and e-mail address are free again.
 *
 * @param phone the phone they had, {@code null} if none
 * @param email the e-mail address they had, {@code null} if none (and in revision 1)
 */
@Revision("2")
public record CustomerRemoved(UUID customerId, String phone, String email) {}

package io.mailing.events.customer;

import java.util.List;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * A customer joined the directory, reachable by phone, by e-mail or both (at least one of the two).
 *
 * @param phone E.164 digits without {@code +}; {@code null} for a customer reached by e-mail only
 * @param operatorCode three-digit mobile operator code; {@code null} exactly when {@code phone} is
 * @param timeZone IANA zone id or UTC offset, as {@link java.time.ZoneId#of(String)} reads it
 * @param email the address in lower case; {@code null} for a customer reached by phone only (and in revision 1,
 *     from before customers had one)
 */
@Revision("2")
public record CustomerRegistered(
        UUID customerId, String phone, String operatorCode, List<String> tags, String timeZone, String email)
        implements CustomerDetailsEvent {}

package io.mailing.events.customer;

import java.util.List;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * A customer joined the directory.
 *
 * @param phone E.164 digits without {@code +}
 * @param operatorCode three-digit mobile operator code
 * @param timeZone IANA zone id or UTC offset, as {@link java.time.ZoneId#of(String)} reads it
 */
@Revision("1")
public record CustomerRegistered(
        UUID customerId, String phone, String operatorCode, List<String> tags, String timeZone) {}

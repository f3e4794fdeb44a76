package io.mailing.events.customer;

import java.util.List;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/** A customer's details were replaced; carries the full new state, as {@link CustomerRegistered} does. */
@Revision("2")
public record CustomerChanged(
        UUID customerId, String phone, String operatorCode, List<String> tags, String timeZone, String email)
        implements CustomerDetailsEvent {}

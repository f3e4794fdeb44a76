package io.mailing.query.customer;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A customer as the directory knows them; a removed customer stays readable with {@code active = false}. A customer
 * has a phone (with its operator code), an e-mail address or both; the one they have not is {@code null}.
 */
record CustomerView(
        UUID id,
        String phone,
        String operatorCode,
        String email,
        List<String> tags,
        String timeZone,
        boolean active,
        Instant registeredAt,
        Instant changedAt,
        Instant removedAt) {}

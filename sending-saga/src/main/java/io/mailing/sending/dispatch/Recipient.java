package io.mailing.sending.dispatch;

import java.util.UUID;

/** A customer of a mailout's audience, with what their message needs. */
record Recipient(UUID customerId, String phone, String email, String timeZone) {}

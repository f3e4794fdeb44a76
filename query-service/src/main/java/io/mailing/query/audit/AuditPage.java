package io.mailing.query.audit;

import java.util.List;

/**
 * A page of a trail, in event-store order: {@code next} is the cursor for the following page (pass it as
 * {@code after}), {@code null} on the last one; {@code total} is how many events the whole trail holds.
 */
record AuditPage(List<AuditEntry> items, int size, long total, Long next) {}

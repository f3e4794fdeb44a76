package io.mailing.command.customer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The bounds of a streamed import ({@code mailing.customers.import.*}), so that no import, however hostile its body,
 * can hold a node: how many run at once on a node ({@code max-concurrent}; one more is refused with 429), how many
 * rows one request may hold, how long a line may be, how long one may run, how many registrations share a
 * transaction, and how many rejected rows its answer lists.
 */
@ConfigurationProperties("mailing.customers.import")
record ImportSettings(
        @DefaultValue("2") int maxConcurrent,
        @DefaultValue("1000000") int maxRows,
        @DefaultValue("16384") int maxLineBytes,
        @DefaultValue("30m") Duration maxDuration,
        @DefaultValue("500") int batchSize,
        @DefaultValue("1000") int maxListedRejections) {}

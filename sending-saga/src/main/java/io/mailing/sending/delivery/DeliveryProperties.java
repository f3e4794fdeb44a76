package io.mailing.sending.delivery;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How this node delivers messages ({@code mailing.delivery.*}); defaults in {@code mailing-defaults/sending-saga.yml}.
 *
 * @param enabled whether this node makes attempts at all
 * @param nodeId names this node's leases; a restarted node takes its own leases back at once
 * @param maxInFlight attempts under way at once on this node
 * @param rateLimit attempts per second on this node; 0 for no limit
 * @param claimBatch due messages leased per round trip
 * @param lease how long a claimed message stays with this node before another may take it
 * @param pollInterval the pause before looking again when nothing was due
 * @param sweepInterval how often pending messages of cancelled or ended mailouts are finalised
 * @param vacuumDeadRows the dead row versions in the queue table at which a sweep vacuums it
 * @param recordBatch attempt outcomes recorded per transaction at most
 * @param recordLinger how long the recorder waits for a batch to fill once an outcome is there (outcomes that trickle
 *     in, at a rate limit say, would otherwise be recorded about one per transaction)
 * @param endGuard no attempt starts this close to its mailout's end, so none reaches the provider after it
 * @param email how e-mails go out (the SMTP server itself is Spring Boot's {@code spring.mail.*})
 */
@Validated
@ConfigurationProperties("mailing.delivery")
record DeliveryProperties(
        boolean enabled,
        String nodeId,
        int maxInFlight,
        double rateLimit,
        int claimBatch,
        Duration lease,
        Duration pollInterval,
        Duration sweepInterval,
        long vacuumDeadRows,
        int recordBatch,
        Duration recordLinger,
        Duration endGuard,
        Provider provider,
        Retry retry,
        Circuit circuit,
        Email email) {

    /**
     * The provider's "probe" API.
     *
     * @param baseUrl e.g. {@code https://probe.example.com}; {@code POST {baseUrl}/v1/send/{msgId}} is called
     * @param token the bearer token (a JWT)
     * @param connectTimeout the limit for opening a connection; below {@code requestTimeout}
     * @param requestTimeout the least time an attempt waits for the provider's answer
     * @param requestTimeoutMax the most time an attempt waits; at most half the lease
     * @param latencyFactor the attempt timeout is this many times the provider's p99 latency, within the two bounds
     */
    record Provider(
            URI baseUrl,
            String token,
            Duration connectTimeout,
            Duration requestTimeout,
            Duration requestTimeoutMax,
            double latencyFactor) {}

    /**
     * E-mail delivery through the SMTP server {@code spring.mail.*} names. It is on when {@code spring.mail.host} is
     * set (and delivery is enabled); without it an e-mail mailout's messages wait.
     *
     * @param from the sender of every e-mail, e.g. {@code Mailing <news@example.com>}
     * @param messageIdDomain the right-hand side of each e-mail's {@code Message-ID}, {@code <messageId@domain>}
     * @param connections how many SMTP connections this node keeps open, each sending one message at a time
     * @param maxInFlight e-mails handed over at once on this node
     * @param rateLimit e-mails per second on this node; 0 for no limit
     */
    record Email(String from, String messageIdDomain, int connections, int maxInFlight, double rateLimit) {}

    /** Backoff between attempts of one message: {@code min(cap, base × 2^(n-1))} with jitter. */
    record Retry(Duration base, Duration cap, int maxAttempts) {}

    /** When to stop calling a provider that keeps failing, and when to try it again. */
    record Circuit(
            int failureThreshold, Duration openDuration, Duration maxOpenDuration, Duration credentialsRetryInterval) {}
}

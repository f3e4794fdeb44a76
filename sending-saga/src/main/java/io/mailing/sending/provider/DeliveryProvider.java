package io.mailing.sending.provider;

import io.mailing.sending.message.AttemptResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The port to the external SMS-sending API. One call is one attempt; it never blocks the caller and its future
 * always completes (a failure to reach the provider is an {@link AttemptResult.Failed}, not an exceptional future).
 */
public interface DeliveryProvider {

    /** A short name for logs and metrics, e.g. {@code probe}. */
    String name();

    /**
     * Hands one message to the provider.
     *
     * @param msgId the stable provider-side id: the same on every attempt of the message
     * @param phone E.164 digits as a number
     * @param timeout how long to wait for the provider's answer; then the attempt is a {@code TIMEOUT}
     */
    CompletableFuture<AttemptResult> send(long msgId, long phone, String text, Duration timeout);
}

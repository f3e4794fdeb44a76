package io.mailing.sending.oneoff;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * One-off messages ({@code mailing.one-offs.*}); defaults in {@code mailing-defaults/sending-saga.yml}.
 *
 * @param sendWithin how long a one-off without a {@code sendBefore} may take to go out before it expires
 * @param maxSendWithin the furthest {@code sendBefore} may lie ahead
 * @param idempotencyTtl how long an {@code Idempotency-Key} is remembered (with the answer it got)
 * @param perClient how often one client (principal) may ask a node for a one-off ({@link ClientRates})
 */
@ConfigurationProperties("mailing.one-offs")
record OneOffSettings(Duration sendWithin, Duration maxSendWithin, Duration idempotencyTtl, PerClient perClient) {

    /**
     * @param rate requests a second a client may keep up; 0: no limit
     * @param burst how many it may make at once after a pause
     */
    record PerClient(double rate, int burst) {}

    OneOffSettings {
        if (sendWithin.compareTo(maxSendWithin) > 0) {
            throw new IllegalArgumentException("mailing.one-offs.send-within (" + sendWithin
                    + ") must not be longer than mailing.one-offs.max-send-within (" + maxSendWithin + ")");
        }
    }
}

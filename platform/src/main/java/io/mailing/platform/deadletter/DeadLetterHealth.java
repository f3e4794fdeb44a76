package io.mailing.platform.deadletter;

import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Down while any processor has parked events, with the count per processor: a parked event is work that will not
 * happen until an operator retries or evicts it. Not part of the liveness and readiness groups, so a parked event does
 * not restart a node or take it out of service.
 */
final class DeadLetterHealth implements HealthIndicator {

    private final DeadLetters deadLetters;

    DeadLetterHealth(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public Health health() {
        Map<String, Long> parked = new TreeMap<>(deadLetters.counts());
        return (parked.isEmpty() ? Health.up() : Health.down())
                .withDetail("parked", parked)
                .build();
    }
}

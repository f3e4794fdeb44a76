package io.mailing.standalone;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * Events parked within seconds, for the tests of dead letters: after 3 tries (5 by default), and with the pooled
 * processors that park them claiming their segment back 500 ms after a failed batch (Axon's token claim interval, 5 s
 * by default, is the wait between two tries of a pooled processor's batch: 3 tries took 12 s).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestPropertySource(
        properties = {
            "mailing.dead-letters.max-tries=3",
            "axon.eventhandling.processors.query-customers.token-claim-interval=500",
            "axon.eventhandling.processors.query-mailouts.token-claim-interval=500",
            "axon.eventhandling.processors.query-audit.token-claim-interval=500",
            "axon.eventhandling.processors.dispatch-audience.token-claim-interval=500",
            "axon.eventhandling.processors.mailout-completion.token-claim-interval=500"
        })
@interface QuickDeadLetters {}

package io.mailing.events.archviolation;

import io.mailing.command.CommandServiceAutoConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.util.Assert;

/** Breaks every rule of shared-events (it has no {@code @Revision} either), so {@code ModularArchitectureTest} can show that each rule fails. */
record LeakyEvent(EventMessage<?> message, CommandServiceAutoConfiguration service) {

    LeakyEvent {
        Assert.notNull(message, "message");
    }
}

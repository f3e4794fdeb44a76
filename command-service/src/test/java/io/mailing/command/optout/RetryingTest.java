package io.mailing.command.optout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

/**
 * Within one node Axon's repository locks an aggregate for each command, so two requests for one address never race
 * there; across nodes (replicas of the command service) the loser's append fails, and this sends it once more.
 */
class RetryingTest {

    @Test
    void aCommandThatLostTheRaceForItsAggregateIsSentOnceMore() {
        AtomicInteger sent = new AtomicInteger();

        boolean added = Retrying.onceMoreIfRaced(() -> {
            if (sent.incrementAndGet() == 1) {
                throw new CommandExecutionException(
                        "lost", new AggregateStreamCreationException("the first event is another node's"));
            }
            return false;
        });

        assertThat(added).isFalse();
        assertThat(sent).hasValue(2);
    }

    @Test
    void onlyOnceMoreAndOnlyForARace() {
        AtomicInteger sent = new AtomicInteger();
        assertThatThrownBy(() -> Retrying.onceMoreIfRaced(() -> {
                    sent.incrementAndGet();
                    throw new ConcurrencyException("stale again");
                }))
                .isInstanceOf(ConcurrencyException.class);
        assertThat(sent).hasValue(2);

        AtomicInteger other = new AtomicInteger();
        assertThatThrownBy(() -> Retrying.onceMoreIfRaced(() -> {
                    other.incrementAndGet();
                    throw new IllegalStateException("the database is away");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(other).hasValue(1);
    }
}

package io.mailing.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;

class CachedCommandTargetsTest {

    record Change(@TargetAggregateIdentifier UUID id, String text) {}

    record Versioned(
            @TargetAggregateIdentifier String id,
            @TargetAggregateVersion long version) {}

    static final class OnAField {
        @TargetAggregateIdentifier
        private final String id = "field-id";
    }

    record Untargeted(String id) {}

    private final CommandTargetResolver cached = new CachedCommandTargets();
    private final CommandTargetResolver axons =
            AnnotationCommandTargetResolver.builder().build();

    private VersionedAggregateIdentifier both(Object command) {
        VersionedAggregateIdentifier target = cached.resolveTarget(GenericCommandMessage.asCommandMessage(command));
        assertThat(target).isEqualTo(axons.resolveTarget(GenericCommandMessage.asCommandMessage(command)));
        return target;
    }

    @Test
    void resolvesTheSameTargetsAsAxonsOwnResolver() {
        UUID id = UUID.randomUUID();

        assertThat(both(new Change(id, "a")).getIdentifier()).isEqualTo(id.toString());
        assertThat(both(new Change(id, "b")).getVersion()).isNull();
        assertThat(both(new Versioned("v", 7)).getVersion()).isEqualTo(7L);
        assertThat(both(new OnAField()).getIdentifier()).isEqualTo("field-id");
    }

    @Test
    void refusesACommandThatNamesNoAggregate() {
        assertThatThrownBy(() -> cached.resolveTarget(GenericCommandMessage.asCommandMessage(new Untargeted("x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Untargeted");
        assertThatThrownBy(() -> cached.resolveTarget(GenericCommandMessage.asCommandMessage(new Change(null, "x"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.mailing.platform.ids;

import org.axonframework.common.IdentifierFactory;

/**
 * The identifiers Axon gives every message (command, event, result): {@link RandomIds}, so that making one never
 * waits for another thread. Axon finds it through {@code META-INF/services/org.axonframework.common.IdentifierFactory}.
 */
public final class RandomIdentifierFactory extends IdentifierFactory {

    @Override
    public String generateIdentifier() {
        return RandomIds.uuid().toString();
    }
}

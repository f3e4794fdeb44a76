package io.mailing.query.archviolation;

import org.axonframework.config.ProcessingGroup;

/**
 * A processing group named by a literal that no constant holds, and not in kebab-case, for
 * {@code ModularArchitectureTest}.
 */
@ProcessingGroup("Query_Literal")
class LiteralProcessingGroup {}

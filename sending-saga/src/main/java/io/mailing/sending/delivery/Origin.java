package io.mailing.sending.delivery;

import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;

/**
 * Who started the mailout a message belongs to and the correlation id of that request, as its {@code MessageQueued}
 * event recorded them. Delivery's commands for the message carry them, so every event of the message tells the
 * same story as its queuing; either may be {@code null} for a message queued before they were kept.
 */
record Origin(String principal, String correlationId) {

    static final String PRINCIPAL = "principal";
    static final String CORRELATION_ID = "correlationId";

    /** The command, with this origin as its metadata. */
    CommandMessage<?> of(Object command) {
        Map<String, Object> metadata = new HashMap<>();
        if (principal != null) {
            metadata.put(PRINCIPAL, principal);
        }
        if (correlationId != null) {
            metadata.put(CORRELATION_ID, correlationId);
        }
        return GenericCommandMessage.asCommandMessage(command).andMetaData(metadata);
    }
}

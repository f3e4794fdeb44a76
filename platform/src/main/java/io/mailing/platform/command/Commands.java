package io.mailing.platform.command;

import io.mailing.platform.problem.NotFoundException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Sends commands for a web layer: waits for the result and turns a missing (or deleted) aggregate into a
 * {@link NotFoundException} that names the resource, so a controller stays a one-line translation.
 */
public final class Commands {

    private final CommandGateway gateway;

    public Commands(CommandGateway gateway) {
        this.gateway = gateway;
    }

    /** Sends a command that creates an aggregate. */
    public <R> R create(Object command) {
        return gateway.sendAndWait(command);
    }

    /** Sends a command to an existing aggregate, named {@code resource} with {@code id} in a 404. */
    public <R> R send(Object command, String resource, Object id) {
        try {
            return gateway.sendAndWait(command);
        } catch (AggregateNotFoundException e) {
            throw new NotFoundException(resource, id);
        }
    }
}

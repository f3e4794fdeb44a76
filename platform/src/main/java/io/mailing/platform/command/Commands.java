package io.mailing.platform.command;

import io.mailing.platform.problem.ConflictException;
import io.mailing.platform.problem.DomainException;
import io.mailing.platform.problem.NotFoundException;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Sends commands for a web layer: waits for the result and turns a missing (or deleted) aggregate into a
 * {@link NotFoundException} that names the resource, and a change that lost a race with another node's change of
 * the same aggregate into a {@link ConflictException}, so a controller stays a one-line translation.
 */
public final class Commands {

    private final CommandGateway gateway;

    public Commands(CommandGateway gateway) {
        this.gateway = gateway;
    }

    /** Sends a command that creates an aggregate. */
    public <R> R create(Object command) {
        try {
            return gateway.sendAndWait(command);
        } catch (RuntimeException e) {
            throw domainCauseOr(e);
        }
    }

    /** Sends a command to an existing aggregate, named {@code resource} with {@code id} in a 404. */
    public <R> R send(Object command, String resource, Object id) {
        try {
            return gateway.sendAndWait(command);
        } catch (AggregateNotFoundException e) {
            throw new NotFoundException(resource, id);
        } catch (ConcurrencyException e) {
            throw new ConflictException(
                    resource + " " + id + " was changed by another request at the same time; try again",
                    Map.of("resource", resource, "id", String.valueOf(id)));
        } catch (RuntimeException e) {
            throw domainCauseOr(e);
        }
    }

    /** The domain exception behind a failed command (so callers can catch it), else the failure itself. */
    private static RuntimeException domainCauseOr(RuntimeException failure) {
        DomainException domain = DomainException.causeOf(failure);
        return domain == null ? failure : domain;
    }
}

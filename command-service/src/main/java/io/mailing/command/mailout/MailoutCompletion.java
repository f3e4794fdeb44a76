package io.mailing.command.mailout;

import io.mailing.command.mailout.MailoutCommands.CompleteMailout;
import io.mailing.events.mailout.MailoutCompleted;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/** Closes a mailout when the sending side reports its dispatch complete: the reaction crosses services by event. */
@Component
@ProcessingGroup(MailoutCompletion.PROCESSING_GROUP)
class MailoutCompletion {

    static final String PROCESSING_GROUP = "mailout-completion";

    private final CommandGateway commands;

    MailoutCompletion(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(MailoutCompleted event) {
        commands.sendAndWait(new CompleteMailout(new MailoutId(event.mailoutId())));
    }
}

package io.mailing.command.mailout;

import io.mailing.events.mailout.Channel;
import io.mailing.platform.problem.InvalidInputException;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Which channels this platform can deliver: SMS always, e-mail only where a mail server is configured (so that an
 * accepted e-mail mailout is one the sending side can send). {@code mailing.mailouts.email} says so where the command
 * service runs apart from the sending service; by default it is whether {@code spring.mail.host} is set here, as it
 * is in the standalone run and wherever the services share their configuration.
 */
@Component
class MailoutChannels {

    private final boolean email;

    MailoutChannels(Environment environment) {
        this.email = environment.getProperty(
                "mailing.mailouts.email",
                Boolean.class,
                StringUtils.hasText(environment.getProperty("spring.mail.host")));
    }

    /** The definition itself; a 400 naming {@code channel} when its channel cannot be delivered here. */
    MailoutDefinition deliverable(MailoutDefinition definition) {
        if (definition.channel() == Channel.EMAIL && !email) {
            throw new InvalidInputException(
                    "channel",
                    "EMAIL needs a mail server, and this platform has none configured (SPRING_MAIL_HOST, or"
                            + " mailing.mailouts.email where the command service runs apart)");
        }
        return definition;
    }
}

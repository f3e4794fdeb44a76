package io.mailing.platform.channels;

import io.mailing.events.mailout.Channel;
import io.mailing.platform.problem.InvalidInputException;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Which channels this platform can deliver: SMS always, e-mail only where a mail server is configured (so that an
 * accepted e-mail, of a mailout or a one-off, is one the sending side can send). {@code mailing.mailouts.email} says
 * so where a service that takes e-mails runs apart from the sending service; by default it is whether
 * {@code spring.mail.host} is set here, as it is in the standalone run and wherever the services share their
 * configuration.
 */
public final class DeliverableChannels {

    private final boolean email;

    public DeliverableChannels(Environment environment) {
        this.email = environment.getProperty(
                "mailing.mailouts.email",
                Boolean.class,
                StringUtils.hasText(environment.getProperty("spring.mail.host")));
    }

    /** The channel itself; a 400 naming {@code channel} when it cannot be delivered here. */
    public Channel deliverable(Channel channel) {
        if (channel == Channel.EMAIL && !email) {
            throw new InvalidInputException(
                    "channel",
                    "EMAIL needs a mail server, and this platform has none configured (SPRING_MAIL_HOST, or"
                            + " mailing.mailouts.email where this service runs apart)");
        }
        return channel;
    }
}

package io.mailing.sending.delivery;

import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.EmailContent;
import io.mailing.platform.links.SignedLinks;
import io.mailing.platform.links.UnsubscribeLink;
import io.mailing.sending.dispatch.StartedMailouts;
import io.mailing.sending.message.AttemptResult;
import io.mailing.sending.provider.DeliveryProvider;
import io.mailing.sending.provider.SmtpDeliveryProvider;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Hands a claimed message to what delivers its channel: the SMS provider's API, or an SMTP server.
 *
 * @param name a short name for logs and metrics, the provider's
 * @param attempt one attempt; never blocks, and its future always completes
 */
record ChannelSender(String name, Attempt attempt) {

    /** One attempt of one message, waiting at most {@code timeout} for the provider. */
    interface Attempt {
        CompletableFuture<AttemptResult> send(PendingDelivery delivery, Duration timeout);
    }

    CompletableFuture<AttemptResult> send(PendingDelivery delivery, Duration timeout) {
        return attempt.send(delivery, timeout);
    }

    /** Text messages through the SMS provider: the msgId, the phone and the text. */
    static ChannelSender sms(DeliveryProvider provider) {
        return new ChannelSender(
                provider.name(),
                (delivery, timeout) ->
                        provider.send(delivery.providerMessageId(), delivery.phone(), delivery.text(), timeout));
    }

    /**
     * E-mails through an SMTP server: the address, the plain text, the subject and HTML body (a one-off's own, else its
     * mailout's), and (where links are signed) the recipient's own unsubscribe link.
     */
    static ChannelSender email(SmtpDeliveryProvider provider, StartedMailouts mailouts, SignedLinks links) {
        return new ChannelSender(provider.name(), (delivery, timeout) -> {
            EmailContent content = delivery.subject() != null
                    ? new EmailContent(delivery.subject(), delivery.html())
                    : mailouts.of(delivery.mailoutId()).email();
            return provider.send(
                    delivery.messageId().value(),
                    delivery.email(),
                    content.subject(),
                    delivery.text(),
                    content.html(),
                    unsubscribeLink(links, delivery),
                    timeout);
        });
    }

    /** The link that puts the e-mail's address on the opt-out list; {@code null} where links are not signed. */
    private static String unsubscribeLink(SignedLinks links, PendingDelivery delivery) {
        if (!links.enabled()) {
            return null;
        }
        UnsubscribeLink token =
                new UnsubscribeLink(Channel.EMAIL, delivery.messageId().value(), delivery.email());
        return links.url(UnsubscribeLink.PATH + links.sign(token.payload()));
    }
}

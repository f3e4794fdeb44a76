package io.mailing.deploy;

import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A real SMTP server (GreenMail) on a free loopback port of the test's JVM, which takes every e-mail and keeps, of
 * each one handed to it, only the recipient, the {@code Message-ID} and when it arrived: the SMTP side's call log,
 * as the provider simulator keeps one of its calls. It lives outside the split topology, so no fault reaches it and
 * it sees every hand-over, repeats included.
 */
final class MailServer implements AutoCloseable {

    /** One e-mail as the server took it for one recipient (before it answered the hand-over's end with success). */
    record Receipt(String recipient, String messageId, Instant receivedAt) {}

    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final GreenMail smtp;
    private final ConcurrentLinkedQueue<Receipt> receipts = new ConcurrentLinkedQueue<>();
    private final Set<String> messageIds = ConcurrentHashMap.newKeySet();

    private MailServer() {
        ServerSetup setup = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        setup.setServerStartupTimeout(STARTUP.toMillis());
        smtp = new GreenMail(setup);
        smtp.getManagers().getUserManager().setMessageDeliveryHandler((message, recipient) -> new Mailbox(recipient));
    }

    static MailServer start() {
        MailServer server = new MailServer();
        server.smtp.start();
        return server;
    }

    int port() {
        return smtp.getSmtp().getPort();
    }

    /** Every e-mail taken so far, in the order they arrived. */
    List<Receipt> receipts() {
        return List.copyOf(receipts);
    }

    /** How many distinct {@code Message-ID}s it has taken so far. */
    long distinctMessageIds() {
        return messageIds.size();
    }

    @Override
    public void close() {
        smtp.stop();
    }

    private void take(MimeMessage email, MailAddress recipient) throws MessagingException {
        String messageId = email.getMessageID();
        receipts.add(new Receipt(recipient.getEmail(), messageId, Instant.now()));
        if (messageId != null) {
            messageIds.add(messageId);
        }
    }

    /** One recipient's mailbox as GreenMail hands it an e-mail: it records the e-mail and keeps nothing of it. */
    private final class Mailbox implements GreenMailUser {

        private final MailAddress recipient;

        Mailbox(MailAddress recipient) {
            this.recipient = recipient;
        }

        @Override
        public void deliver(MovingMessage message) {
            deliver(message.getMessage());
        }

        @Override
        public void deliver(MimeMessage message) {
            try {
                take(message, recipient);
            } catch (MessagingException e) {
                throw new IllegalStateException("An e-mail without a readable Message-ID", e);
            }
        }

        @Override
        public String getEmail() {
            return recipient.getEmail();
        }

        @Override
        public String getLogin() {
            return recipient.getEmail();
        }

        @Override
        public void create() {}

        @Override
        public void delete() {}

        @Override
        public String getPassword() {
            return null;
        }

        @Override
        public void setPassword(String password) {}

        @Override
        public void authenticate(String password) {}

        @Override
        public String getQualifiedMailboxName() {
            return recipient.getEmail();
        }
    }
}

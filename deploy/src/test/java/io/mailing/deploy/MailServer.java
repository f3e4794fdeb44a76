package io.mailing.deploy;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A real SMTP server (GreenMail) on a free loopback port of the test's JVM, which takes every e-mail into a mailbox of
 * its recipient's: the SMTP side's call log, as the provider simulator keeps one of its calls. It lives outside the
 * split topology, so no fault reaches it and it sees every hand-over, repeats included.
 */
final class MailServer implements AutoCloseable {

    /** One e-mail as the server took it for one recipient (before it answered the hand-over's end with success). */
    record Receipt(String recipient, String messageId, Instant receivedAt) {}

    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final GreenMail smtp;

    private MailServer() {
        ServerSetup setup = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        setup.setServerStartupTimeout(STARTUP.toMillis());
        smtp = new GreenMail(setup);
    }

    static MailServer start() {
        MailServer server = new MailServer();
        server.smtp.start();
        return server;
    }

    int port() {
        return smtp.getSmtp().getPort();
    }

    /** Every e-mail taken so far, mailbox by mailbox, each mailbox's in the order they arrived. */
    List<Receipt> receipts() {
        List<Receipt> receipts = new ArrayList<>();
        for (GreenMailUser mailbox : smtp.getManagers().getUserManager().listUser()) {
            for (StoredMessage email : inbox(mailbox).getMessages()) {
                receipts.add(new Receipt(
                        mailbox.getEmail(),
                        messageId(email),
                        email.getReceivedDate().toInstant()));
            }
        }
        return receipts;
    }

    /** How many distinct {@code Message-ID}s it has taken so far. */
    long distinctMessageIds() {
        return receipts().stream()
                .map(Receipt::messageId)
                .filter(Objects::nonNull)
                .distinct()
                .count();
    }

    @Override
    public void close() {
        smtp.stop();
    }

    private MailFolder inbox(GreenMailUser mailbox) {
        try {
            return smtp.getManagers().getImapHostManager().getInbox(mailbox);
        } catch (FolderException e) {
            throw new IllegalStateException("No inbox for " + mailbox.getEmail(), e);
        }
    }

    private static String messageId(StoredMessage email) {
        try {
            return email.getMimeMessage().getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException("An e-mail without a readable Message-ID", e);
        }
    }
}

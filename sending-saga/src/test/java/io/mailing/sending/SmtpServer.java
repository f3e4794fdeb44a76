package io.mailing.sending;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;

/**
 * A real SMTP server (GreenMail) on a loopback port of its own, which a test can stop (a mail server that is down)
 * and start again on the same port, as the sending service was configured with it.
 */
public final class SmtpServer {

    private final int port = freePort();
    private GreenMail server = started();

    /** The port for {@code spring.mail.port}. */
    public int port() {
        return port;
    }

    /** Every e-mail received since the last {@link #purge()}. */
    public MimeMessage[] received() {
        return server.getReceivedMessages();
    }

    /** Forgets the e-mails received; starts the server again first if a test left it stopped. */
    public void purge() throws FolderException {
        if (!server.isRunning()) {
            start();
        }
        server.purgeEmailFromAllMailboxes();
    }

    /** The mail server goes down: connections are refused. */
    public void stop() {
        server.stop();
    }

    /** The mail server is back, on the same port. */
    public void start() {
        server = started();
    }

    private GreenMail started() {
        GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return greenMail;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.mailing.standalone;

import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The standalone run's mail server when none is configured: an SMTP server on loopback (GreenMail) that takes every
 * e-mail and keeps none, only counts them — how many e-mails, how many distinct {@code Message-ID}s (so an e-mail handed
 * over twice shows), and the last {@value #RECENT} of them (recipient, subject, {@code Message-ID}) — and shows the
 * counts as JSON at {@code GET /mail-sink/stats} on a port of its own, as the provider simulator does for SMS.
 */
final class MailSink {

    static final int RECENT = 20;

    private final GreenMail smtp;
    private final HttpServer http;
    private final AtomicLong received = new AtomicLong();
    private final Set<String> messageIds = ConcurrentHashMap.newKeySet();
    private final Deque<String> recent = new ArrayDeque<>();

    private MailSink(int smtpPort, int httpPort) throws IOException {
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.getManagers().getUserManager().setMessageDeliveryHandler((message, recipient) -> new Taker(recipient));
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", httpPort), 0);
        http.createContext("/mail-sink/stats", this::stats);
    }

    /** Starts both servers; {@code 0} for either port picks a free one. */
    static MailSink start(int smtpPort, int httpPort) {
        MailSink sink;
        try {
            sink = new MailSink(smtpPort, httpPort);
        } catch (IOException e) {
            throw new IllegalStateException("The mail sink's HTTP port " + httpPort + " is taken", e);
        }
        sink.smtp.start();
        sink.http.start();
        return sink;
    }

    /** How many e-mails it took so far (one per recipient). */
    long received() {
        return received.get();
    }

    int smtpPort() {
        return smtp.getSmtp().getPort();
    }

    String statsUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/mail-sink/stats";
    }

    void stop() {
        http.stop(0);
        smtp.stop();
    }

    /** Counts one e-mail for one recipient; throws it away. */
    private void take(MimeMessage email, MailAddress recipient) throws MessagingException {
        String messageId = email.getMessageID();
        received.incrementAndGet();
        if (messageId != null) {
            messageIds.add(messageId + " " + recipient.getEmail());
        }
        String line = "{\"to\":" + json(recipient.getEmail()) + ",\"subject\":" + json(email.getSubject())
                + ",\"messageId\":" + json(messageId) + ",\"receivedAt\":\"" + Instant.now() + "\"}";
        synchronized (recent) {
            recent.addFirst(line);
            if (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
    }

    /** The mailbox of one recipient as GreenMail hands an e-mail to it: one that counts the e-mail and keeps nothing. */
    private final class Taker implements GreenMailUser {

        private final MailAddress recipient;

        Taker(MailAddress recipient) {
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
                throw new IllegalStateException("An e-mail the sink cannot read", e);
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

    private void stats(HttpExchange exchange) throws IOException {
        String body;
        synchronized (recent) {
            body = "{\"received\":" + received.get() + ",\"distinctMessageIds\":" + messageIds.size() + ",\"recent\":["
                    + String.join(",", recent) + "]}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String json(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}

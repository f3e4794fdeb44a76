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
    /** The (Message-ID, recipient) pairs taken, as 64-bit hashes: 16 bytes or less a pair, so a million fit in 16 MB. */
    private final Hashes messageIds = new Hashes();

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
            messageIds.add(fnv64(messageId + " " + recipient.getEmail()));
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

    /** FNV-1a, 64 bits: among a million pairs, the chance that two share a hash is about three in a hundred million. */
    private static long fnv64(String text) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** A set of longs in one array (open addressing, linear probing), grown at half full. */
    private static final class Hashes {

        private long[] slots = new long[1 << 10];
        private int size;
        private boolean zero;

        synchronized void add(long hash) {
            if (hash == 0) {
                if (!zero) {
                    zero = true;
                    size++;
                }
                return;
            }
            if (2 * (size + 1) > slots.length) {
                long[] old = slots;
                slots = new long[old.length * 2];
                for (long kept : old) {
                    if (kept != 0) {
                        place(kept);
                    }
                }
            }
            if (place(hash)) {
                size++;
            }
        }

        synchronized int size() {
            return size;
        }

        /** Puts the hash in its slot; whether it was not there yet. */
        private boolean place(long hash) {
            int mask = slots.length - 1;
            for (int i = (int) (hash ^ (hash >>> 32)) & mask; ; i = (i + 1) & mask) {
                if (slots[i] == hash) {
                    return false;
                }
                if (slots[i] == 0) {
                    slots[i] = hash;
                    return true;
                }
            }
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

package io.mailing.sending.provider;

import io.mailing.events.message.ErrorKind;
import io.mailing.sending.message.AttemptResult;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Hands e-mails to an SMTP server, over a pool of connections: each of {@code connections} sender threads keeps one
 * connection open and sends over it one message at a time, opening it again when it broke. One call is one attempt;
 * it never blocks the caller and its future always completes.
 *
 * <p>Every attempt of a message carries the same {@code Message-ID} ({@code <messageId@domain>}), so a message
 * handed over again after an outcome we could not know (a timeout, a crash) is recognisable as the same message.
 *
 * <p>What the server answers decides the outcome: 2xx delivered; a 4xx reply (a temporary failure: busy, try later)
 * is {@link ErrorKind#SERVER_ERROR} and tried again with backoff; a 5xx reply (the server refuses this message or
 * recipient for good) is {@link ErrorKind#CLIENT_ERROR}, not tried again; refused credentials are {@link
 * ErrorKind#UNAUTHORIZED} (sending pauses, the message stays pending); no connection is {@link
 * ErrorKind#CONNECTION_FAILED}; no answer within the attempt's timeout is {@link ErrorKind#TIMEOUT} (the outcome is
 * unknown).
 */
public final class SmtpDeliveryProvider {

    static final int MAX_DETAIL = 200;

    private final Session session;
    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final InternetAddress from;
    private final String messageIdDomain;
    private final ExecutorService senders;
    private final ThreadLocal<Transport> connection = new ThreadLocal<>();

    /**
     * @param properties JavaMail's session properties ({@code mail.smtp.*}: TLS, socket timeouts)
     * @param username {@code null} when the server needs no authentication
     * @param connections how many connections (and sender threads) at most
     */
    public SmtpDeliveryProvider(
            Properties properties,
            String host,
            int port,
            String username,
            String password,
            InternetAddress from,
            String messageIdDomain,
            int connections,
            ThreadFactory threads) {
        this.session = Session.getInstance(properties);
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        this.from = from;
        this.messageIdDomain = messageIdDomain;
        this.senders = Executors.newFixedThreadPool(connections, threads);
    }

    /** A short name for logs and metrics. */
    public String name() {
        return "smtp";
    }

    /**
     * Hands one e-mail to the server.
     *
     * @param messageId the message's id, from which its {@code Message-ID} is made: the same on every attempt
     * @param html the HTML body beside the plain text, or {@code null}
     * @param unsubscribe the recipient's one-click unsubscribe link ({@code List-Unsubscribe}), or {@code null}
     * @param timeout how long to wait for the server; then the attempt is a {@code TIMEOUT}
     */
    public CompletableFuture<AttemptResult> send(
            UUID messageId, String to, String subject, String text, String html, String unsubscribe, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return CompletableFuture.supplyAsync(
                        () -> System.nanoTime() - deadline >= 0
                                ? notSent(timeout)
                                : deliver(messageId, to, subject, text, html, unsubscribe),
                        senders)
                .completeOnTimeout(
                        new AttemptResult.Failed(
                                ErrorKind.TIMEOUT,
                                "no answer from the SMTP server within " + timeout.toMillis() + " ms",
                                null),
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    /**
     * An attempt whose timeout ran out while it waited for a free connection: it is reported as timed out already, so
     * it is not handed over late (the message is tried again, once, with the same {@code Message-ID}).
     */
    private static AttemptResult notSent(Duration timeout) {
        return new AttemptResult.Failed(
                ErrorKind.TIMEOUT, "no free SMTP connection within " + timeout.toMillis() + " ms; not sent", null);
    }

    /** Closes every connection's thread; connections close as their threads end. */
    public void shutdown() {
        senders.shutdownNow();
    }

    /** The {@code Message-ID} of the message with this id (angle brackets included). */
    public String messageIdHeader(UUID messageId) {
        return "<" + messageId + "@" + messageIdDomain + ">";
    }

    private AttemptResult deliver(
            UUID messageId, String to, String subject, String text, String html, String unsubscribe) {
        try {
            MimeMessage message = message(messageId, to, subject, text, html, unsubscribe);
            Transport transport = connected();
            try {
                transport.sendMessage(message, message.getAllRecipients());
            } catch (MessagingException e) {
                if (!transport.isConnected()) {
                    connection.remove();
                }
                throw e;
            }
            return new AttemptResult.Delivered();
        } catch (MessagingException | RuntimeException e) {
            return failure(e);
        }
    }

    /**
     * The e-mail; with an unsubscribe link, the headers of RFC 2369 and RFC 8058 that let a mail client offer
     * "unsubscribe" and do it with one {@code POST} to the link.
     */
    private MimeMessage message(UUID messageId, String to, String subject, String text, String html, String unsubscribe)
            throws MessagingException {
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageIdHeader(messageId));
            }
        };
        message.setFrom(from);
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        if (unsubscribe != null) {
            message.setHeader("List-Unsubscribe", "<" + unsubscribe + ">");
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        if (html == null) {
            message.setText(text, StandardCharsets.UTF_8.name());
        } else {
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(text, StandardCharsets.UTF_8.name());
            MimeBodyPart rich = new MimeBodyPart();
            rich.setText(html, StandardCharsets.UTF_8.name(), "html");
            message.setContent(new MimeMultipart("alternative", plain, rich));
        }
        message.saveChanges();
        return message;
    }

    /** This thread's connection, opened (again) when there is none or it broke. */
    private Transport connected() throws MessagingException {
        Transport transport = connection.get();
        if (transport != null && transport.isConnected()) {
            return transport;
        }
        transport = session.getTransport("smtp");
        transport.connect(host, port, username, password);
        connection.set(transport);
        return transport;
    }

    /** What an exception of JavaMail means for the message. */
    static AttemptResult.Failed failure(Exception e) {
        for (Throwable cause = e; cause != null; cause = next(cause)) {
            if (cause instanceof AuthenticationFailedException) {
                return new AttemptResult.Failed(ErrorKind.UNAUTHORIZED, "SMTP authentication refused", null);
            }
            int code = cause instanceof SMTPSendFailedException sent
                    ? sent.getReturnCode()
                    : cause instanceof SMTPAddressFailedException address ? address.getReturnCode() : 0;
            if (code >= 400 && code < 500) {
                return new AttemptResult.Failed(ErrorKind.SERVER_ERROR, detail(cause), null);
            }
            if (code >= 500) {
                return new AttemptResult.Failed(ErrorKind.CLIENT_ERROR, detail(cause), null);
            }
            if (cause instanceof SocketTimeoutException) {
                return new AttemptResult.Failed(ErrorKind.TIMEOUT, detail(cause), null);
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return new AttemptResult.Failed(ErrorKind.CONNECTION_FAILED, detail(cause), null);
            }
        }
        return new AttemptResult.Failed(ErrorKind.CONNECTION_FAILED, detail(e), null);
    }

    private static Throwable next(Throwable cause) {
        if (cause instanceof SendFailedException failed && failed.getNextException() != null) {
            return failed.getNextException();
        }
        if (cause instanceof MessagingException messaging && messaging.getNextException() != null) {
            return messaging.getNextException();
        }
        return cause.getCause() == cause ? null : cause.getCause();
    }

    /** The server's reply or the error, on one line of at most {@value #MAX_DETAIL} characters. */
    private static String detail(Throwable cause) {
        String line = (cause.getClass().getSimpleName() + ": " + cause.getMessage())
                .replaceAll("[\\s\\p{Cntrl}]+", " ")
                .strip();
        return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL - 1) + "…";
    }
}

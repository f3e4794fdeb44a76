package io.mailing.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The standalone's mail sink over real SMTP and HTTP: it counts what it takes, and an e-mail handed over twice. */
class MailSinkTest {

    private final MailSink sink = MailSink.start(0, 0);
    private final Session session = Session.getInstance(smtp(sink.smtpPort()));

    @AfterEach
    void stop() {
        sink.stop();
    }

    private void send(String to, String messageId) throws Exception {
        Transport.send(email(to, messageId));
    }

    private MimeMessage email(String to, String messageId) throws jakarta.mail.MessagingException {
        MimeMessage email = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        email.setFrom(new InternetAddress("news@mailing.test"));
        email.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        email.setSubject("News for " + to);
        email.setText("Hello");
        email.saveChanges();
        return email;
    }

    private static Properties smtp(int port) {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", Integer.toString(port));
        return properties;
    }

    @Test
    void countsEveryEmailAndTheDistinctOnesAndShowsTheLatest() throws Exception {
        send("ann@example.com", "<1@mailing.test>");
        send("bob@example.com", "<2@mailing.test>");
        send("ann@example.com", "<1@mailing.test>");

        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(sink.statsUrl())).build(),
                        HttpResponse.BodyHandlers.ofString());

        DocumentContext stats = JsonPath.parse(answer.body());
        assertThat(stats.read("$.received", Integer.class)).isEqualTo(3);
        assertThat(stats.read("$.distinctMessageIds", Integer.class))
                .as("one handed over twice")
                .isEqualTo(2);
        assertThat(stats.read("$.recent[*].to", List.class))
                .containsExactly("ann@example.com", "bob@example.com", "ann@example.com");
        assertThat(stats.read("$.recent[0].subject", String.class)).isEqualTo("News for ann@example.com");
        assertThat(sink.received()).isEqualTo(3);
    }

    @Test
    void countsSixHundredDistinctEmailsAndShowsTheLatestTwenty() throws Exception {
        // Over one connection, as a mail client sending many does (a connection each costs ~50 ms on loopback).
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            for (int i = 0; i <= 600; i++) {
                MimeMessage email = email("reader" + i % 600 + "@example.com", "<" + i % 600 + "@mailing.test>");
                transport.sendMessage(email, email.getAllRecipients());
            }
        }

        DocumentContext stats = JsonPath.parse(HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(sink.statsUrl())).build(), HttpResponse.BodyHandlers.ofString())
                .body());
        assertThat(stats.read("$.received", Integer.class)).isEqualTo(601);
        assertThat(stats.read("$.distinctMessageIds", Integer.class))
                .as("past the set's first table, which holds 512, the first one still known when it comes again")
                .isEqualTo(600);
        assertThat(stats.read("$.recent", List.class)).hasSize(MailSink.RECENT);
    }
}

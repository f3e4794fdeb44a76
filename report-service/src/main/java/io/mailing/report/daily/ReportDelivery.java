package io.mailing.report.daily;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Where a report goes: to its recipients through the mail server of {@code spring.mail.*}, or, with none configured,
 * into a directory as the message itself ({@code .eml}, openable in any mail client) and its HTML.
 */
sealed interface ReportDelivery {

    /** The mail session messages are made in. */
    Session session();

    /** Whom the report goes to (none: to a file). */
    List<String> recipients();

    /** Sends or writes {@code message} (named {@code name} in a directory). */
    void deliver(MimeMessage message, String name, String html) throws MessagingException, IOException;

    /** Through the mail server to {@code to}; an SMTP refusal is thrown, for the caller to retry. */
    record Smtp(JavaMailSenderImpl sender, List<String> to) implements ReportDelivery {

        @Override
        public Session session() {
            return sender.getSession();
        }

        @Override
        public List<String> recipients() {
            return to;
        }

        @Override
        public void deliver(MimeMessage message, String name, String html) {
            sender.send(message);
        }
    }

    /** Into {@code directory}: {@code <name>.eml} and {@code <name>.html}, each written whole or not at all. */
    record Directory(Path directory) implements ReportDelivery {

        private static final Logger log = LoggerFactory.getLogger(Directory.class);

        @Override
        public Session session() {
            return Session.getInstance(new Properties());
        }

        @Override
        public List<String> recipients() {
            return List.of();
        }

        @Override
        public void deliver(MimeMessage message, String name, String html) throws MessagingException, IOException {
            Files.createDirectories(directory);
            Path eml = directory.resolve(name + ".eml");
            Path temporary = Files.createTempFile(directory, name, ".part");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                message.writeTo(out);
            }
            Files.move(temporary, eml, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Path page = directory.resolve(name + ".html");
            temporary = Files.createTempFile(directory, name, ".part");
            Files.writeString(temporary, html, StandardCharsets.UTF_8);
            Files.move(temporary, page, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            log.info(
                    "No mail server (spring.mail.host): the daily report is in {} and {}",
                    eml.toAbsolutePath(),
                    page.toAbsolutePath());
        }
    }
}

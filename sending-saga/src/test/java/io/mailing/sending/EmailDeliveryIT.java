package io.mailing.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.EmailContent;
import io.mailing.events.mailout.MailoutCompleted;
import io.mailing.events.mailout.MailoutStarted;
import io.mailing.events.message.ErrorKind;
import io.mailing.events.message.MessageAttemptFailed;
import io.mailing.events.message.MessageIds;
import io.mailing.events.message.MessageQueued;
import io.mailing.events.message.MessageSuppressed;
import io.mailing.events.optout.AddressOptedOut;
import io.mailing.events.optout.OptOutIds;
import io.mailing.events.optout.OptOutSource;
import io.mailing.platform.links.LinkSettings;
import io.mailing.platform.links.SignedLinks;
import io.mailing.platform.links.UnsubscribeLink;
import io.mailing.simulator.Behaviour;
import io.mailing.simulator.ProviderSimulator;
import io.mailing.simulator.SimulatorSettings;
import io.mailing.testsupport.EventFeed;
import io.mailing.testsupport.EventFeed.Event;
import io.mailing.testsupport.StoredEvents;
import io.mailing.testsupport.WithPostgres;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * E-mail mailouts delivered by the sending service alone on real PostgreSQL, fed the events the command service would
 * append, to a real SMTP server (GreenMail) beside the SMS provider simulator: every test asserts on what the mail
 * server received. The addresses on the e-mail opt-out list get nothing, and every e-mail carries its signed
 * one-click unsubscribe link.
 */
@WithPostgres
@SpringBootTest(
        classes = SendingServiceApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "mailing.dispatch.batch-size=20",
            "mailing.delivery.poll-interval=50ms",
            "mailing.delivery.sweep-interval=200ms",
            "mailing.delivery.provider.connect-timeout=500ms",
            "mailing.delivery.provider.request-timeout=2s",
            "mailing.delivery.provider.request-timeout-max=2s",
            "mailing.delivery.retry.base=100ms",
            "mailing.delivery.retry.cap=500ms",
            "mailing.delivery.retry.max-attempts=50",
            "mailing.delivery.circuit.open-duration=500ms",
            "mailing.delivery.circuit.max-open-duration=1s",
            "mailing.delivery.email.from=Mailing <news@mailing.test>",
            "mailing.delivery.email.message-id-domain=mailing.test",
            "mailing.delivery.email.connections=3",
            "mailing.links.secret=" + EmailDeliveryIT.LINKS_SECRET,
            "mailing.links.base-url=https://mailing.test/"
        })
class EmailDeliveryIT {

    private static final String TOKEN = "test-provider-token";
    static final String LINKS_SECRET = "a-links-secret-of-at-least-32-bytes!";
    private static final SignedLinks LINKS =
            new SignedLinks(new LinkSettings(LINKS_SECRET, "https://mailing.test"), null);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ProviderSimulator simulator =
            ProviderSimulator.start(new SimulatorSettings("127.0.0.1", 0, TOKEN, Behaviour.healthy(), true));
    private static final SmtpServer smtp = new SmtpServer();

    private final EventFeed feed;
    private final StoredEvents events;
    private final JdbcTemplate jdbc;

    EmailDeliveryIT(EventStore eventStore, TransactionTemplate transactions, JdbcTemplate jdbc) {
        this.feed = new EventFeed(eventStore, transactions);
        this.events = new StoredEvents(jdbc);
        this.jdbc = jdbc;
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add(
                "mailing.delivery.provider.base-url", () -> simulator.baseUrl().toString());
        registry.add("mailing.delivery.provider.token", () -> TOKEN);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", smtp::port);
    }

    @AfterEach
    void emptyTheMailServer() throws Exception {
        smtp.purge();
    }

    @AfterAll
    static void stopServers() {
        smtp.stop();
        simulator.close();
    }

    @Test
    void sendsOneEmailToEachCustomerWithAnAddressWithItsMessageIdSubjectAndBothBodies() throws Exception {
        String tag = "email-" + UUID.randomUUID();
        List<CustomerRegistered> byEmail = register(12, tag, i -> null, i -> "reader" + i + "@" + tag + ".test");
        List<CustomerRegistered> both =
                register(3, tag, i -> phone("7915", tag, i), i -> "both" + i + "@" + tag + ".test");
        register(5, tag, i -> phone("7916", tag, i), i -> null);

        UUID mailout =
                start(tag, "Plain news for " + tag, new EmailContent("News " + tag, "<p>News for " + tag + "</p>"));

        assertThat(awaitCompleted(mailout)).satisfies(completed -> {
            assertThat(completed.queued()).isEqualTo(15);
            assertThat(completed.sent()).isEqualTo(15);
        });
        Map<String, MimeMessage> received = received(tag);
        assertThat(received).hasSize(15);
        for (CustomerRegistered customer : concat(byEmail, both)) {
            MimeMessage email = received.get(customer.email());
            assertThat(email).as(customer.email()).isNotNull();
            assertThat(email.getHeader("Message-ID", null))
                    .isEqualTo("<" + MessageIds.of(mailout, customer.customerId()) + "@mailing.test>");
            assertThat(email.getSubject()).isEqualTo("News " + tag);
            assertThat(email.getFrom()[0].toString()).isEqualTo("Mailing <news@mailing.test>");
            MimeMultipart parts = (MimeMultipart) email.getContent();
            assertThat(parts.getContentType()).startsWith("multipart/alternative");
            assertThat(parts.getBodyPart(0).getContent().toString()).isEqualTo("Plain news for " + tag);
            assertThat(parts.getBodyPart(1).getContent().toString()).isEqualTo("<p>News for " + tag + "</p>");
            assertThat(email.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
            String link = email.getHeader("List-Unsubscribe", null);
            assertThat(link).startsWith("<https://mailing.test/unsubscribe/").endsWith(">");
            String token = link.substring("<https://mailing.test/unsubscribe/".length(), link.length() - 1);
            assertThat(LINKS.verify(token).flatMap(UnsubscribeLink::parse))
                    .as("the link is signed and names the message and its address")
                    .contains(new UnsubscribeLink(
                            Channel.EMAIL, MessageIds.of(mailout, customer.customerId()), customer.email()));
        }
        assertThat(simulator.calls().stream().filter(call -> call.text().contains(tag)))
                .isEmpty();
        assertThat(events.all(MessageQueued.class, e -> e.mailoutId().equals(mailout)))
                .allSatisfy(queued -> {
                    assertThat(queued.channel()).isEqualTo(Channel.EMAIL);
                    assertThat(queued.phone()).isNull();
                });
    }

    @Test
    void runsAnSmsAndAnEmailMailoutSideBySide() throws Exception {
        String tag = "side-" + UUID.randomUUID();
        List<CustomerRegistered> customers =
                register(10, tag, i -> phone("7917", tag, i), i -> "side" + i + "@" + tag + ".test");

        UUID byEmail = start(tag, "E-mail for " + tag, new EmailContent("Side " + tag, null));
        UUID bySms = startSms(tag, "SMS for " + tag);

        assertThat(awaitCompleted(byEmail).sent()).isEqualTo(10);
        assertThat(awaitCompleted(bySms).sent()).isEqualTo(10);
        Map<String, MimeMessage> received = received(tag);
        assertThat(received.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        customers.stream().map(CustomerRegistered::email).toList());
        assertThat(received.values())
                .allSatisfy(email -> assertThat(email.getContent().toString()).isEqualTo("E-mail for " + tag));
        assertThat(simulator.calls().stream().filter(call -> call.text().equals("SMS for " + tag)))
                .extracting(call -> Long.toString(call.phone()))
                .containsExactlyInAnyOrderElementsOf(
                        customers.stream().map(CustomerRegistered::phone).toList());
    }

    @Test
    void triesAgainWhileTheMailServerIsDownAndDeliversEachEmailOnceWhenItIsBack() throws Exception {
        String tag = "down-" + UUID.randomUUID();
        register(8, tag, i -> null, i -> "patient" + i + "@" + tag + ".test");
        smtp.stop();

        UUID mailout = start(tag, "Later, " + tag, new EmailContent("Later " + tag, null));

        awaitRefusedConnections(mailout, 8);
        smtp.start();
        assertThat(awaitCompleted(mailout).sent()).isEqualTo(8);
        Map<String, List<MimeMessage>> byAddress =
                Arrays.stream(smtp.received()).collect(Collectors.groupingBy(EmailDeliveryIT::to));
        assertThat(byAddress)
                .hasSize(8)
                .allSatisfy((address, copies) -> assertThat(copies).hasSize(1));
    }

    @Test
    void skipsTheAddressesOnTheEmailOptOutListAndSaysWhyButStillTextsTheirPhones() throws Exception {
        String tag = "opted-" + UUID.randomUUID();
        List<CustomerRegistered> customers =
                register(6, tag, i -> phone("7918", tag, i), i -> "opted" + i + "@" + tag + ".test");
        List<CustomerRegistered> optedOut = customers.subList(0, 2);
        optOut(optedOut);

        UUID byEmail = start(tag, "E-mail for " + tag, new EmailContent("Opted " + tag, null));
        UUID bySms = startSms(tag, "SMS for " + tag);

        assertThat(awaitCompleted(byEmail)).satisfies(completed -> {
            assertThat(completed.sent()).isEqualTo(4);
            assertThat(completed.suppressed()).isEqualTo(2);
        });
        assertThat(received(tag).keySet())
                .containsExactlyInAnyOrderElementsOf(customers.subList(2, 6).stream()
                        .map(CustomerRegistered::email)
                        .toList());
        assertThat(events.all(MessageSuppressed.class, e -> e.mailoutId().equals(byEmail)))
                .extracting(MessageSuppressed::customerId, MessageSuppressed::optOutId)
                .containsExactlyInAnyOrderElementsOf(optedOut.stream()
                        .map(c -> tuple(c.customerId(), OptOutIds.of(Channel.EMAIL, c.email())))
                        .toList());
        assertThat(events.all(MessageSuppressed.class, e -> e.mailoutId().equals(byEmail)))
                .allSatisfy(suppressed -> assertThat(suppressed.reason())
                        .startsWith("the address is on the e-mail opt-out list since ")
                        .endsWith("by the recipient (unsubscribe link)"));
        assertThat(awaitCompleted(bySms).sent())
                .as("an opt-out of e-mail leaves text messages alone")
                .isEqualTo(6);
    }

    @Test
    void anAddressOptedOutWhileItsMailoutRunsIsNotSentTo() throws Exception {
        String tag = "running-" + UUID.randomUUID();
        List<CustomerRegistered> customers = register(6, tag, i -> null, i -> "running" + i + "@" + tag + ".test");
        smtp.stop();
        UUID mailout = start(tag, "Soon, " + tag, new EmailContent("Soon " + tag, null));
        awaitRefusedConnections(mailout, 6);

        optOut(customers.subList(0, 3));
        smtp.start();

        assertThat(awaitCompleted(mailout)).satisfies(completed -> {
            assertThat(completed.sent()).isEqualTo(3);
            assertThat(completed.suppressed()).isEqualTo(3);
        });
        assertThat(received(tag).keySet())
                .containsExactlyInAnyOrderElementsOf(customers.subList(3, 6).stream()
                        .map(CustomerRegistered::email)
                        .toList());
    }

    /** Waits until the mailout's attempts found the mail server down at least this many times. */
    private void awaitRefusedConnections(UUID mailout, int attempts) {
        await().atMost(PATIENCE)
                .until(() -> events.all(
                                        MessageAttemptFailed.class,
                                        e -> e.mailoutId().equals(mailout)
                                                && e.errorKind() == ErrorKind.CONNECTION_FAILED)
                                .size()
                        >= attempts);
    }

    /** Puts the customers' e-mail addresses on the list, as unsubscribe links would, and waits until delivery sees them. */
    private void optOut(List<CustomerRegistered> customers) {
        for (CustomerRegistered customer : customers) {
            UUID id = OptOutIds.of(Channel.EMAIL, customer.email());
            feed.append(
                    "OptOut",
                    id,
                    new AddressOptedOut(
                            id,
                            Channel.EMAIL,
                            customer.email(),
                            OptOutSource.RECIPIENT,
                            UUID.randomUUID(),
                            Instant.now()));
        }
        await().atMost(PATIENCE)
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM sending.opt_out WHERE channel = 'EMAIL' AND address = ANY (?)",
                                Long.class,
                                (Object) customers.stream()
                                        .map(CustomerRegistered::email)
                                        .toArray(String[]::new))
                        == customers.size());
    }

    private List<CustomerRegistered> register(
            int count, String tag, Function<Integer, String> phone, Function<Integer, String> email) {
        List<CustomerRegistered> customers = IntStream.range(0, count)
                .mapToObj(i -> new CustomerRegistered(
                        UUID.randomUUID(),
                        phone.apply(i),
                        phone.apply(i) == null ? null : "916",
                        List.of(tag),
                        "Europe/London",
                        email.apply(i)))
                .toList();
        feed.appendAll(
                "Customer",
                customers.stream().map(c -> new Event(c.customerId(), c)).toList());
        return customers;
    }

    /** A phone of 11 digits, this prefix and seven more that differ by test and index. */
    private static String phone(String prefix, String tag, int index) {
        return prefix + String.format("%07d", Math.floorMod((tag + index).hashCode(), 10_000_000));
    }

    private UUID start(String tag, String text, EmailContent content) {
        return start(tag, text, Channel.EMAIL, content);
    }

    private UUID startSms(String tag, String text) {
        return start(tag, text, Channel.SMS, null);
    }

    private UUID start(String tag, String text, Channel channel, EmailContent content) {
        UUID mailout = UUID.randomUUID();
        feed.append(
                "Mailout",
                mailout,
                new MailoutStarted(
                        mailout,
                        Instant.now(),
                        text,
                        new AudienceFilter(List.of(), List.of(tag)),
                        null,
                        Instant.now().plus(1, ChronoUnit.HOURS),
                        false,
                        channel,
                        content));
        return mailout;
    }

    private MailoutCompleted awaitCompleted(UUID mailout) {
        return await().atMost(PATIENCE)
                .until(
                        () -> events.all(
                                MailoutCompleted.class, e -> e.mailoutId().equals(mailout)),
                        e -> !e.isEmpty())
                .get(0);
    }

    /** The e-mails received for this test's addresses, by address (a second copy would fail the map). */
    private static Map<String, MimeMessage> received(String tag) {
        return Arrays.stream(smtp.received())
                .filter(email -> to(email).endsWith("@" + tag + ".test"))
                .collect(Collectors.toMap(EmailDeliveryIT::to, Function.identity()));
    }

    private static String to(MimeMessage email) {
        try {
            return email.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SafeVarargs
    private static <T> List<T> concat(List<T>... lists) {
        return Arrays.stream(lists).flatMap(List::stream).toList();
    }
}

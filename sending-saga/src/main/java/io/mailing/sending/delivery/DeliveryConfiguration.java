package io.mailing.sending.delivery;

import io.mailing.events.mailout.Channel;
import io.mailing.platform.background.BackgroundPriority;
import io.mailing.platform.links.SignedLinks;
import io.mailing.sending.dispatch.StartedMailouts;
import io.mailing.sending.message.RetryPolicy;
import io.mailing.sending.provider.DeliveryProvider;
import io.mailing.sending.provider.ProbeDeliveryProvider;
import io.mailing.sending.provider.ProviderCircuit;
import io.mailing.sending.provider.SendRateLimiter;
import io.mailing.sending.provider.SmtpDeliveryProvider;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.mail.MailProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/** Delivery's parts, bound to {@code mailing.delivery.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeliveryProperties.class)
class DeliveryConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DeliveryConfiguration.class);

    /** {@code mailing.delivery.pending.near.end}, bound to the meter registry by Spring Boot. */
    @Bean
    PendingNearEnd pendingNearEnd(JdbcTemplate jdbc) {
        return new PendingNearEnd(jdbc);
    }

    @Bean
    RetryPolicy retryPolicy(DeliveryProperties properties) {
        DeliveryProperties.Retry retry = properties.retry();
        return new RetryPolicy(retry.base(), retry.cap(), retry.maxAttempts(), new Random());
    }

    /** The threads of the provider client's work on the answers; shut down with the context. */
    @Bean(destroyMethod = "shutdown")
    @ConditionalOnProperty(name = "mailing.delivery.enabled", havingValue = "true")
    ExecutorService providerClientThreads(BackgroundPriority priority) {
        return Executors.newCachedThreadPool(priority.threads("provider-http"));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "mailing.delivery.enabled", havingValue = "true")
    DeliveryProvider probeDeliveryProvider(DeliveryProperties properties, ExecutorService providerClientThreads) {
        DeliveryProperties.Provider provider = properties.provider();
        if (provider.baseUrl() == null
                || !StringUtils.hasText(provider.baseUrl().toString())) {
            throw new IllegalStateException("mailing.delivery.provider.base-url (PROVIDER_BASE_URL) is not set:"
                    + " say where the provider's API is, or set mailing.delivery.enabled=false");
        }
        if (!StringUtils.hasText(provider.token())) {
            throw new IllegalStateException("mailing.delivery.provider.token (PROVIDER_TOKEN) is not set");
        }
        return new ProbeDeliveryProvider(
                provider.baseUrl(), provider.token(), provider.connectTimeout(), providerClientThreads);
    }

    /**
     * The attempt timeout's bounds, checked against each other and the lease: the longest timeout is at most half
     * the lease, so an attempt and the recording of its outcome end while its message is still leased to this node.
     */
    static AttemptTimeout attemptTimeout(DeliveryProperties properties) {
        DeliveryProperties.Provider provider = properties.provider();
        Duration least = provider.requestTimeout();
        Duration most = provider.requestTimeoutMax();
        if (most.compareTo(properties.lease().dividedBy(2)) > 0) {
            throw new IllegalStateException(
                    "mailing.delivery.provider.request-timeout-max (PROVIDER_REQUEST_TIMEOUT_MAX)"
                            + " is " + most + ", more than half of mailing.delivery.lease (" + properties.lease()
                            + "): another node could take a message over while this one still waits for the provider");
        }
        if (most.compareTo(least) < 0) {
            throw new IllegalStateException("mailing.delivery.provider.request-timeout-max (" + most
                    + ") is shorter than mailing.delivery.provider.request-timeout (PROVIDER_REQUEST_TIMEOUT, " + least
                    + ")");
        }
        if (provider.connectTimeout().compareTo(least) >= 0) {
            throw new IllegalStateException("mailing.delivery.provider.connect-timeout (" + provider.connectTimeout()
                    + ") must be shorter than mailing.delivery.provider.request-timeout (" + least + ")");
        }
        return new AttemptTimeout(least, most, provider.latencyFactor());
    }

    /** Names this node's leases: {@code mailing.delivery.node-id}, or the host name and HTTP port. */
    @Bean
    @ConditionalOnProperty(name = "mailing.delivery.enabled", havingValue = "true")
    DeliveryNode deliveryNode(DeliveryProperties properties, @Value("${server.port:8080}") String port) {
        return new DeliveryNode(
                StringUtils.hasText(properties.nodeId()) ? properties.nodeId() : hostName() + ":" + port);
    }

    @Bean
    @ConditionalOnProperty(name = "mailing.delivery.enabled", havingValue = "true")
    OutcomeRecorder outcomeRecorder(
            DeliveryProperties properties,
            DeliveryQueue queue,
            CommandGateway commands,
            TransactionTemplate transactions,
            BackgroundPriority priority) {
        return new OutcomeRecorder(
                commands, transactions, queue, properties.recordBatch(), properties.recordLinger(), priority);
    }

    @Bean
    @ConditionalOnProperty(name = "mailing.delivery.enabled", havingValue = "true")
    DeliveryWorker deliveryWorker(
            DeliveryProperties properties,
            DeliveryNode node,
            DeliveryQueue queue,
            DeliveryProvider provider,
            OutcomeRecorder recorder,
            MeterRegistry meters,
            BackgroundPriority priority) {
        return worker(
                new DeliveryWorker.Lane(Channel.SMS, properties.maxInFlight(), properties.rateLimit()),
                ChannelSender.sms(provider),
                node.id(),
                properties,
                queue,
                recorder,
                meters,
                priority);
    }

    /** The SMTP server of {@code spring.mail.*}, when one is configured; its sender threads stop with the context. */
    @Bean(destroyMethod = "shutdown")
    @ConditionalOnProperty(name = {"mailing.delivery.enabled", "spring.mail.host"})
    SmtpDeliveryProvider smtpDeliveryProvider(
            DeliveryProperties properties, MailProperties mail, BackgroundPriority priority) {
        DeliveryProperties.Email email = properties.email();
        InternetAddress from;
        try {
            from = new InternetAddress(email.from(), true);
        } catch (AddressException e) {
            throw new IllegalStateException(
                    "mailing.delivery.email.from (EMAIL_FROM) is not an address: " + email.from(), e);
        }
        Properties session = new Properties();
        session.putAll(mail.getProperties());
        session.putIfAbsent(
                "mail.smtp.connectiontimeout",
                Long.toString(properties.provider().connectTimeout().toMillis()));
        session.putIfAbsent(
                "mail.smtp.timeout",
                Long.toString(properties.provider().requestTimeoutMax().toMillis()));
        session.putIfAbsent(
                "mail.smtp.writetimeout",
                Long.toString(properties.provider().requestTimeoutMax().toMillis()));
        session.putIfAbsent("mail.smtp.auth", Boolean.toString(StringUtils.hasText(mail.getUsername())));
        return new SmtpDeliveryProvider(
                session,
                mail.getHost(),
                mail.getPort() == null ? 25 : mail.getPort(),
                StringUtils.hasText(mail.getUsername()) ? mail.getUsername() : null,
                mail.getPassword(),
                from,
                email.messageIdDomain(),
                email.connections(),
                priority.threads("smtp-sender"));
    }

    /** The e-mail lane of this node: its own bounds, circuit and leases (the node's id with {@code /email}). */
    @Bean
    @ConditionalOnProperty(name = {"mailing.delivery.enabled", "spring.mail.host"})
    DeliveryWorker emailDeliveryWorker(
            DeliveryProperties properties,
            DeliveryNode node,
            DeliveryQueue queue,
            SmtpDeliveryProvider smtp,
            StartedMailouts mailouts,
            SignedLinks links,
            OutcomeRecorder recorder,
            MeterRegistry meters,
            BackgroundPriority priority) {
        DeliveryProperties.Email email = properties.email();
        if (!links.enabled()) {
            log.warn("E-mails go out without an unsubscribe link (List-Unsubscribe): set mailing.links.secret"
                    + " (LINKS_SECRET) or the JWT secret, and mailing.links.base-url (PUBLIC_BASE_URL)");
        }
        return worker(
                new DeliveryWorker.Lane(Channel.EMAIL, email.maxInFlight(), email.rateLimit()),
                ChannelSender.email(smtp, mailouts, links),
                node.id() + "/email",
                properties,
                queue,
                recorder,
                meters,
                priority);
    }

    private static DeliveryWorker worker(
            DeliveryWorker.Lane lane,
            ChannelSender sender,
            String node,
            DeliveryProperties properties,
            DeliveryQueue queue,
            OutcomeRecorder recorder,
            MeterRegistry meters,
            BackgroundPriority priority) {
        DeliveryProperties.Circuit circuit = properties.circuit();
        ProviderCircuit providerCircuit = new ProviderCircuit(
                sender.name(),
                new ProviderCircuit.Settings(
                        circuit.failureThreshold(),
                        circuit.openDuration(),
                        circuit.maxOpenDuration(),
                        circuit.credentialsRetryInterval()),
                Clock.systemUTC(),
                meters);
        return new DeliveryWorker(
                lane,
                queue,
                sender,
                providerCircuit,
                new SendRateLimiter(lane.rateLimit(), System::nanoTime),
                recorder,
                attemptTimeout(properties),
                properties,
                node,
                Clock.systemUTC(),
                meters,
                priority);
    }

    @Bean
    @ConditionalOnProperty(name = "mailing.delivery.enabled", havingValue = "true")
    PendingSweeper pendingSweeper(
            DeliveryProperties properties,
            DeliveryQueue queue,
            QueueVacuum vacuum,
            CommandGateway commands,
            TransactionTemplate transactions,
            BackgroundPriority priority) {
        return new PendingSweeper(
                queue,
                vacuum,
                commands,
                transactions,
                properties.sweepInterval(),
                properties.vacuumDeadRows(),
                priority);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}

package io.mailing.report.daily;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.platform.security.Role;
import io.mailing.platform.security.TokenIssuer;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The platform's public query API, read over HTTP like any other client, so that the report's figures are the API's
 * by construction: at {@code mailing.report.daily.query-api-url}, or, unset, the server this service runs in (the
 * standalone run; its port is known only once it listens). It signs in with a short-lived built-in token of its own,
 * as VIEWER, so it needs the platform's {@code mailing.security.jwt-secret}.
 */
@Component
class QueryApi {

    static final String USER = "report-service";

    private static final int PAGE_SIZE = 100;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final RestClient http;
    private final TokenIssuer tokens;
    private final DailyReportSettings settings;
    private final ServerProperties server;
    private volatile URI ownServer;

    QueryApi(
            RestClient.Builder builder,
            ObjectMapper json,
            TokenIssuer tokens,
            DailyReportSettings settings,
            ServerProperties server) {
        if (!tokens.isEnabled()) {
            throw new IllegalStateException("The report service reads the query API with a token it signs itself:"
                    + " set mailing.security.jwt-secret (JWT_SECRET) to the platform's secret");
        }
        this.tokens = tokens;
        this.settings = settings;
        this.server = server;
        // A tolerant reader: the report reads what it shows and ignores what the API adds later.
        ObjectMapper tolerant = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.http = builder.messageConverters(converters -> {
                    converters.removeIf(converter -> converter instanceof MappingJackson2HttpMessageConverter);
                    converters.add(new MappingJackson2HttpMessageConverter(tolerant));
                })
                .requestFactory(ClientHttpRequestFactoryBuilder.jdk()
                        .build(ClientHttpRequestFactorySettings.defaults()
                                .withConnectTimeout(TIMEOUT)
                                .withReadTimeout(TIMEOUT)))
                .build();
    }

    @EventListener
    void listening(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            InetAddress address = server.getAddress();
            String host = address == null || address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
            ownServer = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                    + event.getWebServer().getPort());
        }
    }

    /** Every mailout that was running at some moment between {@code from} and {@code until}, newest first. */
    List<Listed> running(Instant from, Instant until) {
        List<Listed> mailouts = new ArrayList<>();
        for (int page = 0; ; page++) {
            int current = page;
            Listing listing = http.get()
                    .uri(
                            base().toString(),
                            uri -> uri.path("/api/v1/mailouts")
                                    .queryParam("runningFrom", from)
                                    .queryParam("runningUntil", until)
                                    .queryParam("page", current)
                                    .queryParam("size", PAGE_SIZE)
                                    .build())
                    .headers(headers -> headers.setBearerAuth(token()))
                    .retrieve()
                    .body(Listing.class);
            mailouts.addAll(listing.items());
            if (listing.items().isEmpty() || mailouts.size() >= listing.total()) {
                return mailouts;
            }
        }
    }

    /** One mailout's delivery figures, as {@code GET /api/v1/stats/mailouts/{id}} gives them. */
    Figures figures(UUID mailoutId) {
        return http.get()
                .uri(
                        base().toString(),
                        uri -> uri.path("/api/v1/stats/mailouts/{id}").build(mailoutId))
                .headers(headers -> headers.setBearerAuth(token()))
                .retrieve()
                .body(Figures.class);
    }

    private String token() {
        return tokens.issue(USER, List.of(Role.VIEWER));
    }

    private URI base() {
        if (settings.queryApiUrl() != null) {
            return settings.queryApiUrl();
        }
        if (ownServer == null) {
            throw new IllegalStateException("The report service's own server is not listening yet");
        }
        return ownServer;
    }

    /** A mailout as the listing shows it: what the report takes from it. */
    record Listed(UUID id, String text) {}

    record Listing(List<Listed> items, long total) {}

    /** A mailout's figures: its state, its messages by status, why they failed and how fast they went. */
    record Figures(
            UUID mailoutId,
            String status,
            Instant startedAt,
            Instant completedAt,
            Instant cancelledAt,
            Counts messages,
            List<FailureReason> failureReasons,
            Throughput throughput) {}

    record Counts(long total, Map<String, Long> byStatus) {}

    record FailureReason(String errorKind, long failedAttempts, long failedMessages) {}

    record Throughput(Double finishedPerSecond, Double sentPerSecond) {}
}

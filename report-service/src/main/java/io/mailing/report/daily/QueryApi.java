package io.mailing.report.daily;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.mailing.platform.security.Role;
import io.mailing.platform.security.TokenIssuer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The platform's public query API, read over HTTP like any other client, so that the report's figures are the API's
 * by construction: at {@code mailing.report.daily.query-api-url}, or, unset, the server this service runs in (the
 * standalone run; its port, {@code local.server.port}, is known only once it listens). It signs in with a short-lived built-in token of its own,
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
    private final Environment environment;

    QueryApi(RestClient.Builder builder, TokenIssuer tokens, DailyReportSettings settings, Environment environment) {
        if (!tokens.isEnabled()) {
            throw new IllegalStateException("The report service reads the query API with a token it signs itself:"
                    + " set mailing.security.jwt-secret (JWT_SECRET) to the platform's secret");
        }
        this.tokens = tokens;
        this.settings = settings;
        this.environment = environment;
        this.http = builder.requestFactory(ClientHttpRequestFactoryBuilder.jdk()
                        .build(ClientHttpRequestFactorySettings.defaults()
                                .withConnectTimeout(TIMEOUT)
                                .withReadTimeout(TIMEOUT)))
                .build();
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

    /** The configured query API, or this server (on loopback, whatever address it listens on, as standalone does). */
    private URI base() {
        if (settings.queryApiUrl() != null) {
            return settings.queryApiUrl();
        }
        String port = environment.getProperty("local.server.port");
        if (port == null) {
            throw new IllegalStateException("The report service's own server is not listening yet");
        }
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A mailout as the listing shows it: what the report takes from it (a tolerant reader: the rest is ignored). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Listed(UUID id, String text) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Listing(List<Listed> items, long total) {}

    /** A mailout's figures: its state, its messages by status, why they failed and how fast they went. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Figures(
            UUID mailoutId,
            String status,
            Instant startedAt,
            Instant completedAt,
            Instant cancelledAt,
            Counts messages,
            List<FailureReason> failureReasons,
            Throughput throughput) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Counts(long total, Map<String, Long> byStatus) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record FailureReason(String errorKind, long failedAttempts, long failedMessages) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Throughput(Double finishedPerSecond, Double sentPerSecond) {}
}

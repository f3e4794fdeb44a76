package io.mailing.platform.links;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Links the platform hands out to people who have no account, such as an e-mail's unsubscribe link
 * ({@code mailing.links.*}).
 *
 * @param secret what the links are signed with ({@code LINKS_SECRET}), at least 32 bytes; when blank, a key derived
 *     from {@code mailing.security.jwt-secret}, which every service of one deployment shares
 * @param baseUrl where people reach the command service's public pages ({@code PUBLIC_BASE_URL}), e.g.
 *     {@code https://mailing.example.com}; the links are this plus their path
 */
@ConfigurationProperties("mailing.links")
public record LinkSettings(String secret, String baseUrl) {

    public LinkSettings {
        baseUrl = baseUrl == null || baseUrl.isBlank() ? "http://localhost:8080" : baseUrl.strip();
        while (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
    }
}

package io.mailing.console;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The console ({@code mailing.console.*}).
 *
 * @param apiUrl where the platform's public APIs answer: its writes and sign-in, and its reads too unless
 *     {@code queryApiUrl} is set; unset, the server the console runs in, as in the standalone run
 * @param queryApiUrl where the platform's reads (every {@code GET}) answer when they are served apart from the
 *     writes, as by the split deployment's query service; unset, {@code apiUrl}
 * @param processorApiUrls the services whose APIs run the platform's event processors, where a dead letter's retry
 *     must be asked for (a service retries only the processors it runs); unset, {@code apiUrl} alone, as in the
 *     standalone run where one process runs them all
 * @param rolesClaim where an OpenID Connect provider's access tokens keep their roles, the API's
 *     {@code mailing.security.roles-claim} ({@code JWT_ROLES_CLAIM}): a claim name (tried first) or a dotted path; the
 *     built-in tokens keep theirs in {@code roles}
 * @param refreshInterval how often a page with live figures asks for them again (at most 2 s)
 * @param apiTimeout how long a call to the platform may take before the page says the platform does not answer
 */
@ConfigurationProperties("mailing.console")
public record ConsoleSettings(
        URI apiUrl,
        URI queryApiUrl,
        List<URI> processorApiUrls,
        @DefaultValue("roles") String rolesClaim,
        @DefaultValue("2s") Duration refreshInterval,
        @DefaultValue("10s") Duration apiTimeout) {

    public ConsoleSettings {
        processorApiUrls = processorApiUrls == null ? List.of() : List.copyOf(processorApiUrls);
        if (refreshInterval.isNegative()
                || refreshInterval.isZero()
                || refreshInterval.compareTo(Duration.ofSeconds(2)) > 0) {
            throw new IllegalArgumentException(
                    "mailing.console.refresh-interval must be more than 0 and at most 2s, not " + refreshInterval);
        }
    }
}

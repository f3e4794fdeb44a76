package io.mailing.console.platform;

import io.mailing.console.ConsoleSettings;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Where the platform's APIs answer: {@code mailing.console.api-url}, or, unset, the server the console itself runs
 * in, whose port is known only once it listens (a random one in tests); its reads at
 * {@code mailing.console.query-api-url} when that is set (the split deployment's query service).
 */
@Component
class PlatformAddress {

    private final ConsoleSettings settings;
    private final ServerProperties server;
    private volatile URI ownServer;

    PlatformAddress(ConsoleSettings settings, ServerProperties server) {
        this.settings = settings;
        this.server = server;
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

    /** Where reads ({@code GET}) go. */
    URI readUri() {
        return settings.queryApiUrl() != null ? settings.queryApiUrl() : uri();
    }

    /** The services that run the event processors, each asked in turn for what only its processors can do. */
    List<URI> processorUris() {
        return settings.processorApiUrls().isEmpty() ? List.of(uri()) : settings.processorApiUrls();
    }

    /** Where writes and sign-in go. */
    URI uri() {
        if (settings.apiUrl() != null) {
            return settings.apiUrl();
        }
        if (ownServer == null) {
            throw new IllegalStateException("The console's own server is not listening yet");
        }
        return ownServer;
    }
}

package io.mailing.console.mailout;

import io.mailing.console.platform.ApiProblem;
import io.mailing.console.platform.PlatformClient;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Reads mailouts from the query API. The query side takes in the command side's events a moment after a command
 * succeeds, so after a change the console waits, a bounded while, until the query API shows it before it sends the
 * browser to a page that reads it: that page is then not stale.
 */
@Component
class MailoutReads {

    /** How long a change may take to show before the console goes on regardless. */
    static final Duration PATIENCE = Duration.ofSeconds(3);

    private static final Duration POLL = Duration.ofMillis(100);

    private final PlatformClient platform;

    MailoutReads(PlatformClient platform) {
        this.platform = platform;
    }

    Mailout find(UUID id) {
        return platform.get(uri -> uri.path("/api/v1/mailouts/" + id), Mailout.class);
    }

    /** Waits up to {@link #PATIENCE} until the query API shows the mailout as {@code shown} wants (unknown: not yet). */
    void awaitShown(UUID id, Predicate<Mailout> shown) {
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (!shows(id, shown) && Instant.now().isBefore(giveUp)) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean shows(UUID id, Predicate<Mailout> shown) {
        try {
            return shown.test(find(id));
        } catch (ApiProblem problem) {
            if (problem.status() == HttpStatus.NOT_FOUND.value()) {
                return false;
            }
            throw problem;
        }
    }
}

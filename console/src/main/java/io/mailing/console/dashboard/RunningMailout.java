package io.mailing.console.dashboard;

import io.mailing.console.mailout.Mailout;
import java.time.Duration;
import java.time.Instant;

/**
 * A running mailout, how many of its messages have become final per second lately ({@code perSecond}, {@code null}
 * while none has) and when, at that rate, the rest will have ({@code eta}, {@code null} without a rate).
 */
public record RunningMailout(Mailout mailout, Double perSecond, Instant eta) {

    /** The mailout whose {@code finished} messages became final over {@code window} up to {@code now}. */
    static RunningMailout of(Mailout mailout, long finished, Duration window, Instant now) {
        if (finished == 0 || window.toMillis() <= 0) {
            return new RunningMailout(mailout, null, null);
        }
        double perSecond = finished * 1_000.0 / window.toMillis();
        long remaining = mailout.messages().total() - mailout.messages().finished();
        return new RunningMailout(mailout, perSecond, now.plusMillis(Math.round(remaining * 1_000 / perSecond)));
    }

    /** The rate as the page says it. */
    public String rate() {
        return perSecond == null ? "no message final lately" : String.format("%.1f messages/s", perSecond);
    }

    /** How long until {@code eta} from {@code now}, roughly, as the page says it. */
    public String remaining(Instant now) {
        long seconds = Math.max(0, Duration.between(now, eta).toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3_600) {
            return "about " + (seconds + 30) / 60 + " min";
        }
        return String.format("about %d h %02d min", seconds / 3_600, (seconds % 3_600 + 30) / 60 % 60);
    }
}

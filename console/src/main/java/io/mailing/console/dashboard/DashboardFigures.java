package io.mailing.console.dashboard;

import io.mailing.console.ConsoleSettings;
import io.mailing.console.chart.Chart;
import io.mailing.console.chart.Timeline;
import io.mailing.console.dashboard.DashboardPage.Overview;
import io.mailing.console.mailout.Mailout;
import io.mailing.console.mailout.Messages;
import io.mailing.console.page.Times;
import io.mailing.console.platform.Page;
import io.mailing.console.platform.PlatformClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;

/**
 * The dashboard's figures, asked of the platform at most once per refresh interval however many dashboards are open:
 * every open dashboard asks for them that often, and each would otherwise cost the platform its own calls. They are
 * the same for every user who may see a dashboard (a VIEWER and an ADMIN read the same statistics), so the first
 * dashboard to ask after they went stale fetches them with its user's token, and the others share them.
 */
@Component
class DashboardFigures {

    static final int RUNNING_SHOWN = 20;

    /** How far back a running mailout's rate looks. */
    static final Duration RATE_WINDOW = Duration.ofMinutes(5);

    /** The chart: the last hours, by the minute. */
    static final int CHART_HOURS = 3;

    private static final ParameterizedTypeReference<Page<Mailout>> MAILOUTS = new ParameterizedTypeReference<>() {};

    private final PlatformClient platform;
    private final Times times;
    private final long freshNanos;
    private Figures figures;
    private long takenAt;

    DashboardFigures(PlatformClient platform, Times times, ConsoleSettings settings) {
        this.platform = platform;
        this.times = times;
        this.freshNanos = settings.refreshInterval().toNanos();
    }

    /** The figures, fetched anew when older than the refresh interval (one fetch at a time; the others wait for it). */
    synchronized Figures now() {
        long now = System.nanoTime();
        if (figures == null || now - takenAt >= freshNanos) {
            figures = fetch();
            takenAt = System.nanoTime();
        }
        return figures;
    }

    private Figures fetch() {
        Overview overview = platform.get(uri -> uri.path("/api/v1/stats").queryParam("size", 1), Overview.class);
        Page<Mailout> running = platform.get(
                uri -> uri.path("/api/v1/mailouts")
                        .queryParam("status", "RUNNING")
                        .queryParam("size", RUNNING_SHOWN),
                MAILOUTS);
        Timeline timeline = platform.get(
                uri -> uri.path("/api/v1/stats/timeline")
                        .queryParam("hours", CHART_HOURS)
                        .queryParam("step", 1),
                Timeline.class);
        Instant now = Instant.now();
        List<RunningMailout> withRates =
                running.items().stream().map(mailout -> rated(mailout, now)).toList();
        return new Figures(
                overview.totals(),
                overview.transactional() == null
                        ? new Messages(0, Map.of())
                        : overview.transactional().messages(),
                withRates,
                running.total(),
                Chart.of("Messages finished", timeline, times.zone()),
                now);
    }

    /** The mailout with its messages finished per second over the last {@link #RATE_WINDOW}. */
    private RunningMailout rated(Mailout mailout, Instant now) {
        Timeline recent = platform.get(
                uri -> uri.path("/api/v1/stats/mailouts/" + mailout.id() + "/timeline")
                        .queryParam("since", now.minus(RATE_WINDOW))
                        .queryParam("step", 1),
                Timeline.class);
        Instant from = recent.from() == null ? now : recent.from();
        if (mailout.startedAt() != null && mailout.startedAt().isAfter(from)) {
            from = mailout.startedAt();
        }
        return RunningMailout.of(mailout, recent.total(), Duration.between(from, now), now);
    }

    /**
     * What a dashboard shows: totals, the one-off messages, the first running mailouts (of {@code runningTotal}) and the
     * chart, as they were at {@code takenAt}.
     */
    record Figures(
            DashboardPage.Totals totals,
            Messages oneOffs,
            List<RunningMailout> running,
            long runningTotal,
            Chart chart,
            Instant takenAt) {}
}

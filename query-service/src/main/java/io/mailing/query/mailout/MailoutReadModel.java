package io.mailing.query.mailout;

import io.mailing.events.mailout.MailoutStatus;
import io.mailing.platform.problem.NotFoundException;
import io.mailing.query.paging.Page;
import io.mailing.query.paging.PageRequest;
import io.mailing.query.statistics.MessageCounts;
import io.mailing.query.statistics.StatisticsStore;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The mailout read model as the controllers read it: a mailout's row ({@link MailoutStore}) with its messages by
 * status ({@link StatisticsStore}), now, or the mailout as it was at an earlier instant ({@link MailoutHistory}).
 */
@Component
public class MailoutReadModel {

    private static final String RESOURCE = "mailout";

    private final MailoutStore store;
    private final MailoutHistory history;
    private final StatisticsStore statistics;

    MailoutReadModel(MailoutStore store, MailoutHistory history, StatisticsStore statistics) {
        this.store = store;
        this.history = history;
        this.statistics = statistics;
    }

    /** The mailout; a 404 when there is none. */
    public MailoutView get(UUID id) {
        return store.find(id)
                .map(mailout -> new MailoutView(mailout, statistics.counts(id), null))
                .orElseThrow(() -> new NotFoundException(RESOURCE, id));
    }

    /** The mailout's row, without reading its message counts; a 404 when there is none. */
    public MailoutRow row(UUID id) {
        return store.find(id).orElseThrow(() -> new NotFoundException(RESOURCE, id));
    }

    /** The mailout as it was at {@code instant}; a 404 when it did not exist then. */
    public MailoutView asOf(UUID id, Instant instant) {
        return history.asOf(id, instant)
                .map(mailout -> new MailoutView(mailout, null, instant))
                .orElseThrow(() -> new NotFoundException(RESOURCE, id));
    }

    /**
     * Mailouts with this status ({@code null}: any) that were running at some moment of {@code running} ({@code
     * null}: whenever), newest first.
     */
    public Page<MailoutView> page(MailoutStatus status, Running running, PageRequest request) {
        Page<MailoutRow> rows = store.page(status, running, request);
        Map<UUID, MessageCounts> counts =
                statistics.counts(rows.items().stream().map(MailoutRow::id).toList());
        return request.of(
                rows.items().stream()
                        .map(mailout -> new MailoutView(mailout, counts.get(mailout.id()), null))
                        .toList(),
                rows.total());
    }

    /** How many mailouts there are in each status (every status present, zero included). */
    public Map<MailoutStatus, Long> countByStatus() {
        return store.countByStatus();
    }
}

package io.mailing.sending.publishing;

import io.mailing.events.mailout.Channel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The channel of a started mailout, as the sending side keeps it ({@code sending.dispatch_mailout}): a message's
 * events name no channel after {@code MessageQueued}, and a message's channel is its mailout's. A mailout's channel
 * never changes once it started, so the last {@value #REMEMBERED} looked up are remembered. A mailout the sending side
 * has no row of (none should reach here) is SMS, as every mailout was before mailouts had a channel.
 */
final class MailoutChannels implements Function<UUID, Channel> {

    static final int REMEMBERED = 10_000;

    private final JdbcTemplate jdbc;
    private final Map<UUID, Channel> remembered = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Channel> eldest) {
            return size() > REMEMBERED;
        }
    };

    MailoutChannels(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public synchronized Channel apply(UUID mailoutId) {
        Channel channel = remembered.get(mailoutId);
        if (channel == null) {
            List<String> stored = jdbc.queryForList(
                    "SELECT channel FROM sending.dispatch_mailout WHERE mailout_id = ?", String.class, mailoutId);
            channel = stored.isEmpty() ? Channel.SMS : Channel.valueOf(stored.get(0));
            remembered.put(mailoutId, channel);
        }
        return channel;
    }
}

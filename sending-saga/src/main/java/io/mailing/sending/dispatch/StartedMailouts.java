package io.mailing.sending.dispatch;

import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.EmailContent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How a started mailout goes out, as the audience projection recorded it at its start ({@code sending.dispatch_mailout}):
 * its channel and, for e-mail, its subject and HTML body. Neither changes once a mailout started, so the last
 * {@value #REMEMBERED} looked up are remembered: delivery and publishing ask once per mailout, not once per message
 * (an HTML body of 50,000 characters read with each of a claim's hundred messages would be 5 MB a claim). A mailout
 * with no row (none should be asked for) goes out by SMS, as every mailout did before mailouts had a channel.
 */
@Component
public class StartedMailouts {

    static final int REMEMBERED = 10_000;

    /** A started mailout's channel, and its e-mail content ({@code null} for SMS). */
    public record Sending(Channel channel, EmailContent email) {}

    private static final Sending SMS = new Sending(Channel.SMS, null);

    private final JdbcTemplate jdbc;
    private final Map<UUID, Sending> remembered = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Sending> eldest) {
            return size() > REMEMBERED;
        }
    };

    StartedMailouts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public synchronized Sending of(UUID mailoutId) {
        Sending sending = remembered.get(mailoutId);
        if (sending == null) {
            List<Sending> stored = jdbc.query(
                    "SELECT channel, subject, html FROM sending.dispatch_mailout WHERE mailout_id = ?",
                    (rs, row) -> {
                        Channel channel = Channel.valueOf(rs.getString("channel"));
                        return new Sending(
                                channel,
                                channel == Channel.EMAIL
                                        ? new EmailContent(rs.getString("subject"), rs.getString("html"))
                                        : null);
                    },
                    mailoutId);
            sending = stored.isEmpty() ? SMS : stored.get(0);
            remembered.put(mailoutId, sending);
        }
        return sending;
    }

    /** A started mailout's channel. */
    public Channel channel(UUID mailoutId) {
        return of(mailoutId).channel();
    }
}

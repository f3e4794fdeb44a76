package io.mailing.sending.dispatch;

import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.DeliveryWindow;
import io.mailing.sending.message.MessageCommands.QueueMessage;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;

/**
 * A started mailout as the sending side keeps it ({@code sending.dispatch_mailout}).
 *
 * @param deliveryWindow may be {@code null}
 */
record DispatchedMailout(
        UUID mailoutId,
        String text,
        AudienceFilter filter,
        DeliveryWindow deliveryWindow,
        Instant endAt,
        Channel channel) {

    /** The columns {@link #ROW_MAPPER} reads. */
    static final String COLUMNS = "mailout_id, text, operator_codes, tags, window_from, window_to, end_at, channel";

    static final RowMapper<DispatchedMailout> ROW_MAPPER = (rs, row) -> new DispatchedMailout(
            rs.getObject("mailout_id", UUID.class),
            rs.getString("text"),
            new AudienceFilter(strings(rs.getArray("operator_codes")), strings(rs.getArray("tags"))),
            window(rs),
            rs.getObject("end_at", OffsetDateTime.class).toInstant(),
            Channel.valueOf(rs.getString("channel")));

    /** The address of a customer this mailout reaches by its channel, {@code null} when they have none. */
    String addressOf(String phone, String email) {
        return channel == Channel.EMAIL ? email : phone;
    }

    /** The message of this mailout for one customer, at the address of its channel. */
    QueueMessage messageTo(UUID customerId, String phone, String email, String timeZone) {
        return channel == Channel.EMAIL
                ? new QueueMessage(mailoutId, customerId, null, text, timeZone, deliveryWindow, endAt, channel, email)
                : new QueueMessage(mailoutId, customerId, phone, text, timeZone, deliveryWindow, endAt, channel, null);
    }

    private static DeliveryWindow window(ResultSet rs) throws SQLException {
        Time from = rs.getTime("window_from");
        Time to = rs.getTime("window_to");
        return from == null || to == null ? null : new DeliveryWindow(from.toLocalTime(), to.toLocalTime());
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }
}

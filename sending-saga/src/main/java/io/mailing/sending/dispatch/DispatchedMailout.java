package io.mailing.sending.dispatch;

import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.DeliveryWindow;
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
        UUID mailoutId, String text, AudienceFilter filter, DeliveryWindow deliveryWindow, Instant endAt) {

    /** The columns {@link #ROW_MAPPER} reads. */
    static final String COLUMNS = "mailout_id, text, operator_codes, tags, window_from, window_to, end_at";

    static final RowMapper<DispatchedMailout> ROW_MAPPER = (rs, row) -> new DispatchedMailout(
            rs.getObject("mailout_id", UUID.class),
            rs.getString("text"),
            new AudienceFilter(strings(rs.getArray("operator_codes")), strings(rs.getArray("tags"))),
            window(rs),
            rs.getObject("end_at", OffsetDateTime.class).toInstant());

    private static DeliveryWindow window(ResultSet rs) throws SQLException {
        Time from = rs.getTime("window_from");
        Time to = rs.getTime("window_to");
        return from == null || to == null ? null : new DeliveryWindow(from.toLocalTime(), to.toLocalTime());
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }
}

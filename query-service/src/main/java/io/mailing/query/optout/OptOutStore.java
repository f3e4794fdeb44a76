package io.mailing.query.optout;

import io.mailing.events.mailout.Channel;
import io.mailing.events.optout.OptOutSource;
import io.mailing.query.customer.AddressPrefix;
import io.mailing.query.paging.Page;
import io.mailing.query.paging.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads the opt-out lists ({@code query.opt_out}) that {@link OptOutProjection} writes. */
@Component
class OptOutStore {

    private static final String COLUMNS = "id, channel, address, source, message_id, opted_out_at";

    private final JdbcTemplate jdbc;

    OptOutStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<OptOutView> find(UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM query.opt_out WHERE id = ?", OptOutStore::view, id).stream()
                .findFirst();
    }

    /**
     * A page of the lists, newest first; or, with a prefix, the addresses that start with it in address order.
     *
     * @param channel only this channel's list; {@code null}: every channel's
     * @param prefix only the addresses that start with this; {@code null}: all
     */
    Page<OptOutView> page(Channel channel, AddressPrefix prefix, PageRequest request) {
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        List<Object> args = new ArrayList<>();
        if (channel != null) {
            where.append(" AND channel = ?");
            args.add(channel.name());
        }
        if (prefix != null) {
            where.append(" AND address COLLATE \"C\" >= ? AND address COLLATE \"C\" < ?");
            args.add(prefix.value());
            args.add(prefix.upperBound());
        }
        Long total = jdbc.queryForObject("SELECT count(*) FROM query.opt_out" + where, Long.class, args.toArray());
        args.add(request.size());
        args.add(request.offset());
        List<OptOutView> items = jdbc.query(
                "SELECT " + COLUMNS + " FROM query.opt_out" + where + " ORDER BY "
                        + (prefix != null ? "address COLLATE \"C\", id" : "opted_out_at DESC, id")
                        + " LIMIT ? OFFSET ?",
                OptOutStore::view,
                args.toArray());
        return request.of(items, total == null ? 0 : total);
    }

    private static OptOutView view(ResultSet rs, int row) throws SQLException {
        return new OptOutView(
                rs.getObject("id", UUID.class),
                Channel.valueOf(rs.getString("channel")),
                rs.getString("address"),
                OptOutSource.valueOf(rs.getString("source")),
                rs.getObject("message_id", UUID.class),
                rs.getObject("opted_out_at", OffsetDateTime.class).toInstant());
    }
}

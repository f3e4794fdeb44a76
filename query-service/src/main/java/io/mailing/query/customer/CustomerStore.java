package io.mailing.query.customer;

import static io.mailing.query.jdbc.Sql.instant;
import static io.mailing.query.jdbc.Sql.texts;

import io.mailing.query.paging.Page;
import io.mailing.query.paging.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads the customer directory ({@code query.customer}) that {@link CustomerProjection} writes. */
@Component
class CustomerStore {

    private static final String COLUMNS =
            "id, phone, operator_code, email, tags, time_zone, active, registered_at, changed_at, removed_at";

    private final JdbcTemplate jdbc;

    CustomerStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<CustomerView> find(UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM query.customer WHERE id = ?", CustomerStore::view, id).stream()
                .findFirst();
    }

    /**
     * Active customers whose phone starts with {@code phone}, whose e-mail address starts with {@code email}, with this
     * tag and this operator code (each {@code null}: any): in phone order when searched by phone, else in e-mail order
     * when searched by e-mail address, else oldest first. Unfiltered, the page's total is the number of active
     * customers the projection keeps; filtered, the matches are counted.
     */
    Page<CustomerView> active(
            AddressPrefix phone, AddressPrefix email, String tag, String operatorCode, PageRequest page) {
        StringBuilder where = new StringBuilder(" WHERE active");
        List<Object> args = new ArrayList<>();
        if (phone != null) {
            where.append(" AND phone COLLATE \"C\" >= ? AND phone COLLATE \"C\" < ?");
            args.add(phone.value());
            args.add(phone.upperBound());
        }
        if (email != null) {
            where.append(" AND email COLLATE \"C\" >= ? AND email COLLATE \"C\" < ?");
            args.add(email.value());
            args.add(email.upperBound());
        }
        if (tag != null) {
            where.append(" AND tags @> ARRAY[?]::text[]");
            args.add(tag);
        }
        if (operatorCode != null) {
            where.append(" AND operator_code = ?");
            args.add(operatorCode);
        }
        Long total = args.isEmpty()
                ? jdbc.queryForObject("SELECT coalesce((SELECT active FROM query.customer_total), 0)", Long.class)
                : jdbc.queryForObject("SELECT count(*) FROM query.customer" + where, Long.class, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(page.size());
        pageArgs.add(page.offset());
        List<CustomerView> items = jdbc.query(
                "SELECT " + COLUMNS + " FROM query.customer" + where + " ORDER BY "
                        + (phone != null
                                ? "phone COLLATE \"C\", id"
                                : email != null ? "email COLLATE \"C\", id" : "registered_at, id")
                        + " LIMIT ? OFFSET ?",
                CustomerStore::view,
                pageArgs.toArray());
        return page.of(items, total == null ? 0 : total);
    }

    private static CustomerView view(ResultSet rs, int row) throws SQLException {
        return new CustomerView(
                rs.getObject("id", UUID.class),
                rs.getString("phone"),
                rs.getString("operator_code"),
                rs.getString("email"),
                texts(rs, "tags"),
                rs.getString("time_zone"),
                rs.getBoolean("active"),
                instant(rs, "registered_at"),
                instant(rs, "changed_at"),
                instant(rs, "removed_at"));
    }
}

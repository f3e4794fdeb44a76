package io.mailing.query.jdbc;

import io.mailing.platform.jdbc.AnyOf;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.PreparedStatementCreator;

/** Conversions between the read models' column types and Java values. */
public final class Sql {

    private Sql() {}

    /** A {@code timestamptz} parameter (the driver takes {@link OffsetDateTime}, not {@link Instant}). */
    public static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** A {@code timestamptz} column, {@code null} when the column is. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** A {@code uuid} column, {@code null} when the column is. */
    public static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    /** A {@code text[]} parameter. */
    public static String[] textArray(Collection<String> values) {
        return values.toArray(String[]::new);
    }

    /** A {@code text[]} column. */
    public static List<String> texts(ResultSet rs, String column) throws SQLException {
        java.sql.Array array = rs.getArray(column);
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    /** A query whose one parameter is the {@code uuid[]} of these ids (for {@code = ANY (?)}): {@link AnyOf}. */
    public static PreparedStatementCreator withIds(String sql, Collection<UUID> ids) {
        return AnyOf.values(sql, "uuid", ids);
    }
}

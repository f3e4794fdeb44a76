package io.mailing.platform.jdbc;

import java.sql.PreparedStatement;
import java.util.Collection;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.PreparedStatementCreator;

/**
 * Look-ups by an array of keys ({@code … WHERE key = ANY (?)}), planned anew for each execution, never from a plan
 * the server kept for the statement. Such a look-up's best plan depends on the array's length and the table's size,
 * and the tables read so grow from nothing to millions of rows within an import or a mailout: a generic plan the
 * server made for the driver's prepared statement while the table was small (and kept, as nothing analyzed the table
 * since) read the whole table at each look-up, comparing each row with each key (docs/performance.md, "Figures
 * behind choices in the code"). Planned for its own array, a look-up reads a large table by its index, and a small
 * one (or one with many keys) as a whole, each row checked against a hash of the keys.
 */
public final class AnyOf {

    private AnyOf() {}

    /**
     * The query, whose one parameter is the array of these values of SQL type {@code type} ({@code "uuid"},
     * {@code "varchar"}, …).
     */
    public static PreparedStatementCreator values(String sql, String type, Collection<?> values) {
        return connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            statement.setArray(1, connection.createArrayOf(type, values.toArray()));
            return statement;
        };
    }
}

package io.pmtuner.job.sinks;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Small typed setters for the statements of the sinks. */
final class Sql {
    private Sql() {}

    static void timestamp(PreparedStatement ps, int i, Long epochMillis) throws SQLException {
        if (epochMillis == null) {
            ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(i, OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC));
        }
    }

    static void text(PreparedStatement ps, int i, String s) throws SQLException {
        if (s == null) ps.setNull(i, Types.VARCHAR); else ps.setString(i, s);
    }

    static void real(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) ps.setNull(i, Types.DOUBLE); else ps.setDouble(i, v);
    }

    /** A multiplier as NUMERIC, written from its decimal form (0.9, not 0.90000000000000002). */
    static void numeric(PreparedStatement ps, int i, double v) throws SQLException {
        ps.setBigDecimal(i, java.math.BigDecimal.valueOf(v));
    }

    static void textArray(PreparedStatement ps, int i, java.util.List<String> values) throws SQLException {
        if (values == null) {
            ps.setNull(i, Types.ARRAY);
        } else {
            ps.setArray(i, ps.getConnection().createArrayOf("text", values.toArray()));
        }
    }
}

package io.pmtuner.cli.control;

import io.pmtuner.job.db.JdbcSettings;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The control log ({@code pm_controls}) as the control command writes and reads it. Every control is
 * one row, inserted in a transaction of its own; the schema's trigger checks it (pattern, subset,
 * clamps, versions) and refuses it with one message, in which case nothing is recorded.
 */
final class ControlLog {
    /** A control to record; null fields are absent. */
    record Control(String actor, String reason, String action, String pattern, String subsetJson, String mode, BigDecimal tsMinMult,
                   BigDecimal haloMult, BigDecimal aValueMult, String boundsJson, Integer version, Instant expiresAt, String optionsJson) {}

    /** A recorded control, as {@code control history} prints it. */
    record Entry(long id, Instant recordedAt, String actor, String reason, String action, String pattern, String subset, String mode,
                 BigDecimal tsMinMult, BigDecimal haloMult, BigDecimal aValueMult, String bounds, Integer version, Instant expiresAt) {}

    /** What applies to a key now and what the judge proposes, as {@code control list} prints it. */
    record KeyState(String pattern, String subset, String source, Integer appliedVersion, Long controlId, BigDecimal[] applied,
                    Integer proposedVersion, BigDecimal[] proposed) {}

    private final JdbcSettings db;

    ControlLog(JdbcSettings db) {
        this.db = db;
    }

    /** Records {@code c}; returns its id. A refused control throws {@link Refused} with the schema's reason. */
    long record(Control c) throws SQLException {
        try (Connection conn = db.connect()) {
            conn.setAutoCommit(false);
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO pm_controls (actor, reason, action, pattern_key, scope_subset, mode,"
                    + " ts_min_mult, halo_mult, a_value_mult, bounds, version, expires_at, options)"
                    + " VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb) RETURNING id")) {
                int i = 0;
                ps.setString(++i, c.actor());
                ps.setString(++i, c.reason());
                ps.setString(++i, c.action());
                text(ps, ++i, c.pattern());
                text(ps, ++i, c.subsetJson());
                text(ps, ++i, c.mode());
                ps.setBigDecimal(++i, c.tsMinMult());
                ps.setBigDecimal(++i, c.haloMult());
                ps.setBigDecimal(++i, c.aValueMult());
                text(ps, ++i, c.boundsJson());
                if (c.version() == null) ps.setNull(++i, Types.INTEGER); else ps.setInt(++i, c.version());
                if (c.expiresAt() == null) ps.setNull(++i, Types.TIMESTAMP_WITH_TIMEZONE); else ps.setTimestamp(++i, Timestamp.from(c.expiresAt()));
                text(ps, ++i, c.optionsJson());
                long id;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
                conn.commit();
                return id;
            } catch (SQLException e) {
                conn.rollback();
                throw e;
            }
        }
    }

    /** {@code e} as the schema's refusal of a control (a check, an unknown key, a constraint) with its reason, or null when it is none. */
    static Refused refusal(SQLException e) {
        String state = e.getSQLState();
        if (state == null || !(state.startsWith("23") || state.equals("22023") || state.equals("22P02") || state.equals("42501"))) return null;
        String message = e.getMessage().replaceFirst("^ERROR: ", "").strip();
        int nl = message.indexOf('\n');
        return new Refused(nl < 0 ? message : message.substring(0, nl).strip(), e);
    }

    /**
     * Makes the challenger's judge options the recorded ones ({@code pm_tuner_run_options}), in one transaction
     * with the control that says so: the next run must give them (a run with the old ones is refused).
     * Returns the recorded options that changed, as "--judge.mode spec -> calibrated".
     */
    List<String> promote(String actor, String reason) throws SQLException {
        try (Connection conn = db.connect()) {
            conn.setAutoCommit(false);
            try {
                String options;
                try (PreparedStatement ps = conn.prepareStatement("SELECT options::text FROM pm_challenger WHERE id = 1 FOR UPDATE");
                     ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new Refused("these tables carry no challenger (a run with --challenger.judge.* options records one)");
                    options = rs.getString(1);
                }
                List<String> changed = new ArrayList<>();
                try (PreparedStatement ps = conn.prepareStatement("SELECT c.key, r.options ->> c.key, c.value FROM pm_tuner_run_options r,"
                        + " jsonb_each_text(?::jsonb) c WHERE r.id = 1 AND r.options ->> c.key IS DISTINCT FROM c.value ORDER BY 1")) {
                    ps.setString(1, options);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) changed.add(rs.getString(1) + " " + rs.getString(2) + " -> " + rs.getString(3));
                    }
                }
                if (changed.isEmpty()) throw new Refused("the challenger's options are already the recorded ones: nothing to promote");
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO pm_controls (actor, reason, action, options)"
                        + " VALUES (?, ?, 'promote', ?::jsonb)")) {
                    ps.setString(1, actor);
                    ps.setString(2, reason);
                    ps.setString(3, options);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = conn.prepareStatement("UPDATE pm_tuner_run_options SET options = options || ?::jsonb WHERE id = 1")) {
                    ps.setString(1, options);
                    ps.executeUpdate();
                }
                conn.commit();
                return changed;
            } catch (SQLException e) {
                conn.rollback();
                throw e;
            }
        }
    }

    /** The multipliers that apply to a key now (null when nothing does). */
    BigDecimal[] applied(String pattern, String subsetJson) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT a.ts_min_mult, a.halo_mult, a.a_value_mult FROM pm_applied_override(pm_tuning_key(?), ?::jsonb) a")) {
            ps.setString(1, pattern);
            ps.setString(2, subsetJson);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new BigDecimal[] {rs.getBigDecimal(1), rs.getBigDecimal(2), rs.getBigDecimal(3)} : null;
            }
        }
    }

    /** What a read of the pattern in exactly this subset's scope gives now: one line. */
    String read(String pattern, String subsetJson) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT e.ts_min_mult, e.halo_mult, e.a_value_mult,"
                + " e.scope_subset::text, e.source, e.version FROM pm_effective_tuning_explained(?, ?::jsonb) e")) {
            ps.setString(1, pattern);
            ps.setString(2, subsetJson == null ? "{}" : subsetJson);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String values = String.format("ts_min_mult=%s halo_mult=%s a_value_mult=%s", plain(rs.getBigDecimal(1)), plain(rs.getBigDecimal(2)),
                        plain(rs.getBigDecimal(3)));
                if ("none".equals(rs.getString(5))) return values + " (no override applies: the base values)";
                return values + " from " + rs.getString(5) + (rs.getString(4) == null ? "" : " " + rs.getString(4))
                        + (rs.getObject(6) == null ? "" : " v" + rs.getInt(6));
            }
        }
    }

    List<Entry> history(String pattern, int limit) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT id, recorded_at, actor, reason, action, pattern_key,"
                + " scope_subset::text, mode, ts_min_mult, halo_mult, a_value_mult, bounds::text, version, expires_at FROM ("
                + " SELECT * FROM pm_controls WHERE ?::text IS NULL OR pattern_key IS NULL OR pattern_key = pm_tuning_key(?)"
                + " ORDER BY id DESC LIMIT ?) c ORDER BY id")) {
            ps.setString(1, pattern);
            ps.setString(2, pattern);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Integer version = rs.getObject(13) == null ? null : rs.getInt(13);
                    out.add(new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getBigDecimal(9), rs.getBigDecimal(10), rs.getBigDecimal(11),
                            rs.getString(12), version, rs.getTimestamp(14) == null ? null : rs.getTimestamp(14).toInstant()));
                }
            }
        }
        return out;
    }

    /** Every key that something applies to or that the judge proposed, with both. */
    List<KeyState> keys(String pattern) throws SQLException {
        List<KeyState> out = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT k.pattern_key, k.scope_subset::text, a.source,"
                + " a.version, a.control_id, a.ts_min_mult, a.halo_mult, a.a_value_mult, o.version, o.ts_min_mult, o.halo_mult, o.a_value_mult"
                + " FROM pm_override_keys k LEFT JOIN LATERAL pm_applied_override(k.pattern_key, k.scope_subset) a ON true"
                + " LEFT JOIN pm_overrides o ON o.pattern_key = k.pattern_key AND o.action_category = 'tuning' AND o.scope_subset = k.scope_subset"
                + " WHERE ?::text IS NULL OR k.pattern_key = pm_tuning_key(?) ORDER BY 1, 2")) {
            ps.setString(1, pattern);
            ps.setString(2, pattern);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new KeyState(rs.getString(1), rs.getString(2), rs.getString(3), (Integer) rs.getObject(4),
                            rs.getObject(5) == null ? null : rs.getLong(5),
                            rs.getBigDecimal(6) == null ? null : new BigDecimal[] {rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getBigDecimal(8)},
                            (Integer) rs.getObject(9),
                            rs.getBigDecimal(10) == null ? null : new BigDecimal[] {rs.getBigDecimal(10), rs.getBigDecimal(11), rs.getBigDecimal(12)}));
                }
            }
        }
        return out;
    }

    /** The patterns (override keys) the tables know, with the freeze in force on each (null: none) and the pattern-wide mode. */
    List<String[]> patterns(String pattern) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT p.tuning_key, pm_freeze(p.tuning_key),"
                + " (SELECT m.mode || ' since #' || m.id || ' (' || m.actor || ')' FROM pm_controls m WHERE m.action = 'mode'"
                + " AND m.pattern_key = p.tuning_key AND m.scope_subset IS NULL ORDER BY m.id DESC LIMIT 1)"
                + " FROM pm_patterns p WHERE ?::text IS NULL OR p.tuning_key = pm_tuning_key(?) ORDER BY 1")) {
            ps.setString(1, pattern);
            ps.setString(2, pattern);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        return out;
    }

    /** The controls in force that are not a key's source (bounds), by key. */
    List<Entry> boundsInForce(String pattern) throws SQLException {
        List<Entry> out = new ArrayList<>();
        for (Entry e : history(pattern, Integer.MAX_VALUE)) {
            if (!e.action().equals("bounds") || (e.expiresAt() != null && e.expiresAt().isBefore(Instant.now()))) continue;
            out.removeIf(b -> b.pattern().equals(e.pattern()) && b.subset().equals(e.subset()));
            out.add(e);
        }
        return out;
    }

    private static void text(PreparedStatement ps, int i, String s) throws SQLException {
        if (s == null) ps.setNull(i, Types.VARCHAR); else ps.setString(i, s);
    }

    static String plain(BigDecimal d) {
        return d == null ? "-" : d.stripTrailingZeros().toPlainString().replaceFirst("^(\\d+)$", "$1.0");
    }

    /** The schema refused a control: the message says why; nothing was recorded. */
    static final class Refused extends SQLException {
        Refused(String message, SQLException cause) {
            super(message, cause.getSQLState(), cause);
        }

        Refused(String message) {
            super(message, "23514");
        }
    }
}

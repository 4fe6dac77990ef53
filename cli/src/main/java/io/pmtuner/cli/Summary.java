package io.pmtuner.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import io.pmtuner.core.tuning.JudgeParameters;
import io.pmtuner.core.tuning.evidence.CalibratedEvidence;
import io.pmtuner.core.tuning.evidence.ChangeEvidence;
import io.pmtuner.job.config.JudgeSettings;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.db.RunOptions;

/** The short report the local launcher prints after a run: what the tables now hold. */
public final class Summary {
    static final int TOP_LESSONS = 10;
    static final int TOP_CALIBRATED = 20;
    /** Overrides listed (with the most evidence first), and of those, how many with their whole evidence: the summary fits a screen. */
    static final int TOP_OVERRIDES = 15;
    static final int TOP_EVIDENCE = 3;

    private Summary() {}

    /**
     * Prints what this run did (rows written or changed since {@code runStart}, wall clock, for display
     * only) and then what the tables hold, which on a database used before includes earlier runs.
     */
    public static void print(JdbcSettings db, PrintStream out, java.time.Instant runStart, long eventsRead) throws SQLException {
        try (Connection c = db.connect()) {
            java.sql.Timestamp since = java.sql.Timestamp.from(runStart);
            long episodes = count(c, "SELECT count(*) FROM pattern_episode_events WHERE updated_at >= ?", since);
            long lessons = count(c, "SELECT count(*) FROM learning_lessons WHERE updated_at >= ?", since);
            long changes = count(c, "SELECT count(*) FROM pm_override_history WHERE recorded_at >= ?", since);
            long rejects = count(c, "SELECT count(*) FROM ingest_rejects WHERE seen_at >= ?", since);
            long before = count(c, "SELECT count(*) FROM pattern_episode_events WHERE created_at < ?", since);
            out.println();
            out.printf("This run: %d events read; %d episode rows, %d lesson rows, %d override changes and %d rejects written or changed.%n",
                    eventsRead, episodes, lessons, changes, rejects);
            if (before > 0) {
                out.printf("The tables below also hold earlier runs into this database (%d episodes were there before this run);"
                        + " a fresh --data-dir or database shows one run alone.%n", before);
            }
            printTables(c, out);
        }
    }

    private static long count(Connection c, String sql, java.sql.Timestamp since) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, since);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void printTables(Connection c, PrintStream out) throws SQLException {
        {
            section(c, out, "Episodes (pattern_episode_events)",
                    "SELECT pattern_key, decision, COALESCE(outcome, 'pending') AS outcome, count(*) AS episodes"
                            + " FROM pattern_episode_events GROUP BY 1, 2, 3 ORDER BY 1, 2, 3");
            section(c, out, "Lessons with the most evidence (learning_lessons, top " + TOP_LESSONS + ")",
                    "SELECT pattern_key, scope_subset::text AS scope_subset, n_acted, n_skipped, n_neutral,"
                            + " round(wr::numeric, 3) AS wr, round(fpr::numeric, 3) AS fpr, round(mr::numeric, 3) AS mr,"
                            + " round(dr::numeric, 3) AS dr, blocked_by::text AS missed_blocked_by"
                            + " FROM learning_lessons WHERE lesson_type = 'tuning'"
                            + " ORDER BY n_acted + n_skipped DESC, pattern_key, scope_subset::text LIMIT " + TOP_LESSONS);
            long overrides = count(c, "SELECT count(*) FROM pm_overrides WHERE updated_at >= ?", new java.sql.Timestamp(0));
            String more = overrides > TOP_OVERRIDES ? ": the " + TOP_OVERRIDES + " with the most evidence of " + overrides
                    + " (all of them: the report, or SELECT * FROM pm_overrides)" : "";
            section(c, out, "Overrides (pm_overrides" + more + ")",
                    "SELECT pattern_key, scope_subset::text AS scope_subset, ts_min_mult, halo_mult, a_value_mult, version,"
                            + " rule, decided_ts, evidence_n FROM pm_overrides ORDER BY evidence_n DESC, pattern_key, scope_subset::text"
                            + " LIMIT " + TOP_OVERRIDES);
            if (overrides == 0) explainNoOverride(c, out);
            section(c, out, "Evidence of the last change" + (overrides > TOP_EVIDENCE ? " of the " + TOP_EVIDENCE + " overrides with the most evidence" : ""),
                    "SELECT pattern_key, scope_subset::text AS scope_subset, version, evidence::text AS evidence"
                            + " FROM pm_overrides ORDER BY evidence_n DESC, pattern_key, scope_subset::text LIMIT " + TOP_EVIDENCE);
            section(c, out, "Override changes (pm_override_history)",
                    "SELECT pattern_key, count(*) AS changes, count(DISTINCT scope_subset) AS scope_subsets"
                            + " FROM pm_override_history GROUP BY 1 ORDER BY 1");
            calibratedMoves(c, out);
            if (count(c, "SELECT count(*) FROM pm_controls WHERE recorded_at >= ?", new java.sql.Timestamp(0)) > 0) {
                // with controls, what the engine reads is not simply the overrides above
                section(c, out, "What the engine reads under the controls (override keys by where their values come from; one line per key: control list)",
                        "SELECT k.pattern_key, CASE WHEN pm_freeze(k.pattern_key) IS NOT NULL THEN 'base values: frozen'"
                                + " WHEN a.source IS NULL THEN 'base values: shadow, not approved' ELSE a.source END AS engine_reads, count(*) AS keys"
                                + " FROM pm_override_keys k LEFT JOIN pm_applied_overrides a ON a.pattern_key = k.pattern_key AND a.scope_subset = k.scope_subset"
                                + " GROUP BY 1, 2 ORDER BY 1, 2");
            }
            section(c, out, "Rejects (ingest_rejects)",
                    "SELECT reason, count(*) AS rejects FROM ingest_rejects GROUP BY 1 ORDER BY 1");
        }
    }

    /**
     * Why a run wrote no override: the judge held every key, most often for want of evidence. Says how
     * much the best-supplied key has against what the run's judge needs (from the options the tables
     * were written with).
     */
    private static void explainNoOverride(Connection c, PrintStream out) throws SQLException {
        JudgeParameters judge = recordedJudge(c);
        long most = count(c, "SELECT COALESCE(max(n_acted + n_skipped), 0) FROM learning_lessons WHERE updated_at >= ?", new java.sql.Timestamp(0));
        if (judge.mode() == JudgeParameters.Mode.calibrated) {
            // a ts gate's evidence: resolved episodes whose ts gate carries its base and whose other gates all passed
            long evidence = count(c, "SELECT COALESCE(max(n), 0) FROM (SELECT count(*) AS n FROM pattern_episode_events e"
                    + " WHERE outcome IN ('success', 'failure') AND factors->'gates'->'ts'->'base' IS NOT NULL AND created_at >= ?"
                    + " AND NOT EXISTS (SELECT 1 FROM jsonb_each(e.factors->'gates') g WHERE g.key <> 'ts' AND g.value->>'pass' = 'false')"
                    + " GROUP BY pattern_key) per_pattern", new java.sql.Timestamp(0));
            out.printf("  The calibrated judge held every key: a gate moves once it holds %d episodes of evidence (resolved, the gate's base"
                    + " sent, every other gate passing) and its fitted crossing is clearly away from the gate in force; the pattern with the"
                    + " most has %d for its ts gate. Holds by reason: the judge's holds.<reason> metrics.%n", judge.calibration().minHeld(), evidence);
        } else {
            out.printf("  The judge held every key: a rule needs --judge.min-episodes %d resolved episodes since the key's last change"
                    + " (and enough acted or skipped ones); the key with the most has %d.%n", judge.minEpisodes(), most);
        }
    }

    /** The judge the tables were written with (the recorded options; defaults where none were recorded). */
    static JudgeParameters recordedJudge(Connection c) throws SQLException {
        return JudgeSettings.recorded(RunOptions.recordedOrNone(c)).parameters();
    }

    /** The latest calibrated gate moves, from each change's evidence: gate, multipliers, crossing and its error, what the fit held. */
    private static void calibratedMoves(Connection c, PrintStream out) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("pattern_key", "scope_subset", "version", "gate", "mult", "m_star", "se", "held", "window", "note", "decided_ts"));
        try (PreparedStatement ps = c.prepareStatement("SELECT pattern_key, scope_subset::text, version, evidence::text, decided_ts"
                + " FROM pm_override_history WHERE evidence->>'" + ChangeEvidence.MODE + "' = 'calibrated'"
                + " ORDER BY decided_ts DESC, 1, 2, 3 DESC")) {
            ps.setMaxRows(TOP_CALIBRATED * 2); // each change moves one or two gates
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && rows.size() <= TOP_CALIBRATED) {
                    CalibratedEvidence ev = (CalibratedEvidence) ChangeEvidence.fromJson(rs.getString(4));
                    for (var g : new java.util.TreeMap<>(ev.gates()).entrySet()) {
                        if (rows.size() > TOP_CALIBRATED) break;
                        CalibratedEvidence.GateMove m = g.getValue();
                        rows.add(List.of(rs.getString(1), rs.getString(2), rs.getString(3), g.getKey(), m.oldMult() + " -> " + m.newMult(),
                                String.format(java.util.Locale.ROOT, "%.3f", m.mStar()), String.format(java.util.Locale.ROOT, "%.3f", m.se()),
                                Integer.toString(m.held()), "+/-" + m.windowHalfWidth() + " (" + m.windowEpisodes() + ")",
                                m.regimeChange() != null ? "regime change" : "", rs.getString(5)));
                    }
                }
            }
        }
        if (rows.size() == 1) return;
        out.println();
        out.println("Calibrated gate moves (pm_override_history, latest " + TOP_CALIBRATED + "): gate, old -> new multiplier,"
                + " crossing m* and its standard error, episodes held, window");
        TextTable.print(rows, "  ", out::println);
    }

    private static void section(Connection c, PrintStream out, String title, String sql) throws SQLException {
        out.println();
        out.println(title);
        table(c, out, sql);
    }

    /** Prints a query's rows as a table whose columns are as wide as their widest value. */
    static void table(Connection c, PrintStream out, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            int n = rs.getMetaData().getColumnCount();
            List<String> header = new ArrayList<>();
            for (int i = 1; i <= n; i++) header.add(rs.getMetaData().getColumnLabel(i));
            rows.add(header);
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) row.add(String.valueOf(rs.getString(i)));
                rows.add(row);
            }
        }
        TextTable.print(rows, "  ", out::println);
        if (rows.size() == 1) out.println("  (none)");
    }
}

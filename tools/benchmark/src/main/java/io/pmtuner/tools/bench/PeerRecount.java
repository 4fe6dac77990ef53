package io.pmtuner.tools.bench;

import io.pmtuner.job.db.JdbcSettings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's way to get the lessons: a SQL {@code GROUP BY} over {@code pattern_episode_events}, once per
 * scope subset shape. Timed, and checked against what the continuous miner wrote to
 * {@code learning_lessons} for the same episodes.
 */
final class PeerRecount {
    static final List<String> DIMS = List.of("chain", "mcap_bucket", "vol_bucket", "timeframe");

    private PeerRecount() {}

    static Results.Peer run(JdbcSettings db) throws Exception {
        Map<String, String> recount = new HashMap<>();
        Map<String, String> mined = new HashMap<>();
        long sqlNanos;
        long readNanos;
        try (Connection c = db.connect()) {
            long t0 = System.nanoTime();
            for (List<String> dims : shapes()) {
                try (PreparedStatement ps = c.prepareStatement(groupBy(dims)); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) recount.put(rs.getString(1) + '|' + rs.getString(2), rs.getString(3));
                }
            }
            sqlNanos = System.nanoTime() - t0;
            long t1 = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("SELECT pattern_key, scope_subset::text, concat_ws(',', n_acted_success,"
                    + " n_acted_failure, n_skipped_success, n_skipped_failure, n_neutral) FROM learning_lessons WHERE lesson_type = 'tuning'");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) mined.put(rs.getString(1) + '|' + rs.getString(2), rs.getString(3));
            }
            readNanos = System.nanoTime() - t1;
        }
        long mismatches = recount.entrySet().stream().filter(e -> !e.getValue().equals(mined.get(e.getKey()))).count()
                + mined.keySet().stream().filter(k -> !recount.containsKey(k)).count();
        return new Results.Peer(recount.size(), sqlNanos / 1_000_000, readNanos / 1_000_000, mismatches == 0, mismatches);
    }

    /** Every combination of up to three of the dimensions, the empty one included. */
    static List<List<String>> shapes() {
        List<List<String>> out = new ArrayList<>();
        for (int mask = 0; mask < (1 << DIMS.size()); mask++) {
            if (Integer.bitCount(mask) > 3) continue;
            List<String> dims = new ArrayList<>();
            for (int i = 0; i < DIMS.size(); i++) if ((mask & (1 << i)) != 0) dims.add(DIMS.get(i));
            out.add(dims);
        }
        return out;
    }

    /** The recount for one shape; the dimension names are the constants above, never input. */
    static String groupBy(List<String> dims) {
        StringBuilder subset = new StringBuilder("jsonb_build_object(");
        StringBuilder present = new StringBuilder();
        for (int i = 0; i < dims.size(); i++) {
            subset.append(i == 0 ? "" : ", ").append('\'').append(dims.get(i)).append("', scope->>'").append(dims.get(i)).append('\'');
            present.append(" AND scope->>'").append(dims.get(i)).append("' IS NOT NULL");
        }
        subset.append(")::text");
        return "SELECT pattern_key, " + subset + ", concat_ws(',',"
                + " count(*) FILTER (WHERE decision = 'acted' AND outcome = 'success'),"
                + " count(*) FILTER (WHERE decision = 'acted' AND outcome = 'failure'),"
                + " count(*) FILTER (WHERE decision = 'skipped' AND outcome = 'success'),"
                + " count(*) FILTER (WHERE decision = 'skipped' AND outcome = 'failure'),"
                + " count(*) FILTER (WHERE outcome = 'neutral'))"
                + " FROM pattern_episode_events WHERE outcome IS NOT NULL AND NOT data_gap" + present + " GROUP BY 1, 2";
    }
}

package io.pmtuner.job;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.testing.Lines;
import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.model.RejectReason;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.PostgresExtension.query;
import static io.pmtuner.job.testing.TestJobs.runJob;
import static io.pmtuner.job.testing.TestJobs.writeInput;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every reject code of the event contract reaches {@code ingest_rejects} with its raw text, and the good events
 * around the bad ones still make their episodes.
 */
class RejectsITCase extends PostgresTestBase {
    static final String OK_SERIES = "{\"book\":\"test\",\"chain\":\"solana\",\"contract\":\"bad\",\"timeframe\":\"1h\"}";
    static final String TICK_TAIL = ",\"state\":\"S0\",\"prev_state\":\"S0\",\"price\":1.0,\"atr\":0.1,\"buy_flag\":false,\"trim_flag\":false}";

    static JdbcSettings db;
    static final List<String> expectedRaw = new ArrayList<>();

    static String tick(String barTs, long seq, String tail) {
        return "{\"v\":1,\"type\":\"tick\",\"series\":" + OK_SERIES + ",\"bar_ts\":\"" + barTs + "\",\"seq\":" + seq + tail;
    }

    @BeforeAll
    static void runOnce(@TempDir Path dir) throws Exception {
        // a good series whose episode must survive the bad lines around it
        Lines good = new Lines("good").tick("S0").tick("S1").tick("S0");
        // a series with history-dependent faults
        Lines hist = new Lines("hist").tick("S0").tick("S0").repeatLast() // duplicate_seq
                .tick("S2"); // S0 -> S2: illegal_transition
        List<String> lines = new ArrayList<>(Lines.merge(good, hist));
        expectedRaw.add(hist.lines().get(2).json());
        expectedRaw.add(hist.lines().get(3).json());

        List<String> bad = List.of(
                "this is not json",                                                          // malformed_json
                "{\"v\":1,\"type\":\"tick\",\"bar_ts\":\"2026-03-01T01:00:00Z\",\"seq\":1}", // missing_field (series)
                tick("2026-03-01T01:00:00Z", 1, ",\"state\":\"S0\",\"prev_state\":null,\"price\":\"1.0\",\"atr\":0.1,\"buy_flag\":false,\"trim_flag\":false}"), // bad_type
                tick("2026-03-01T01:00:00Z", 1, ",\"state\":\"S9\",\"prev_state\":null,\"price\":1.0,\"atr\":0.1,\"buy_flag\":false,\"trim_flag\":false}"), // unknown_state
                tick("2026-03-01T01:00:00Z", 1, ",\"state\":\"S0\",\"prev_state\":null,\"price\":NaN,\"atr\":0.1,\"buy_flag\":false,\"trim_flag\":false}"), // non_finite
                "{\"v\":2,\"type\":\"tick\"}",                                               // unsupported_version
                "{\"v\":1,\"type\":\"quote\",\"series\":" + OK_SERIES + ",\"bar_ts\":\"2026-03-01T01:00:00Z\",\"seq\":1}", // unknown_type
                "{\"v\":1,\"type\":\"decision\",\"series\":" + OK_SERIES + ",\"bar_ts\":\"2026-03-01T01:00:00Z\",\"seq\":1,\"action\":\"hodl\"}"); // unknown_action
        lines.addAll(1, bad);
        expectedRaw.addAll(bad);
        // time_jump: a well-formed tick of the good series' neighbour dated years ahead, that nobody confirms
        String jump = tick("2099-03-01T01:00:00Z", 2, TICK_TAIL.replace("\"prev_state\":\"S0\"", "\"prev_state\":null"));
        lines.add(2, jump);
        expectedRaw.add(jump);

        // seq_regression: a later bar with a lower seq; late: a bar far behind everything else, sent last
        String regression = tick("2026-03-01T05:00:00Z", 1, TICK_TAIL.replace("\"prev_state\":\"S0\"", "\"prev_state\":null"));
        String first = tick("2026-03-01T03:00:00Z", 5, TICK_TAIL.replace("\"prev_state\":\"S0\"", "\"prev_state\":null"));
        String late = tick("2026-02-01T00:00:00Z", 9, TICK_TAIL).replace("\"contract\":\"bad\"", "\"contract\":\"late\"");
        // off_cadence: a tick of the series four bars after the one before it, with the seq of the next;
        // decision_mismatch: a decision on that earlier tick, dated two days later
        String offCadence = tick("2026-03-01T07:00:00Z", 6, TICK_TAIL);
        String mismatch = "{\"v\":1,\"type\":\"decision\",\"series\":" + OK_SERIES + ",\"bar_ts\":\"2026-03-03T03:00:00Z\",\"seq\":5,\"action\":\"entry\"}";
        lines.add(first);
        lines.add(regression);
        lines.add(offCadence);
        lines.add(mismatch);
        lines.add(late);
        expectedRaw.add(regression);
        expectedRaw.add(offCadence);
        expectedRaw.add(mismatch);
        expectedRaw.add(late);

        db = newDatabase();
        runJob(writeInput(dir, lines), db);
    }

    @Test
    void everyReasonCodeIsStoredWithTheRawLine() throws Exception {
        List<Map<String, String>> rows = query(db, "SELECT reason, raw, detail FROM ingest_rejects ORDER BY reason");
        Map<String, String> rawByReason = rows.stream().collect(Collectors.toMap(r -> r.get("reason"), r -> r.get("raw")));
        assertThat(rawByReason.keySet()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(RejectReason.values()).map(RejectReason::code).collect(Collectors.toList()));
        assertThat(rawByReason.values()).containsExactlyInAnyOrderElementsOf(expectedRaw);
        assertThat(rows).allSatisfy(r -> assertThat(r.get("detail")).isNotBlank());
    }

    @Test
    void rejectsKeepTheSeriesAndBarTimeWhenTheyCouldBeRead() throws Exception {
        List<Map<String, String>> rows = query(db, "SELECT series->>'contract' AS contract, event_ts::text AS ts"
                + " FROM ingest_rejects WHERE reason = 'duplicate_seq'");
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.get("contract")).isEqualTo("hist");
            assertThat(r.get("ts")).isNotNull();
        });
        assertThat(query(db, "SELECT series FROM ingest_rejects WHERE reason = 'malformed_json'"))
                .singleElement().satisfies(r -> assertThat(r.get("series")).isNull());
    }

    @Test
    void goodEventsAroundBadOnesStillMakeTheirEpisodes() throws Exception {
        assertThat(query(db, "SELECT outcome FROM pattern_episode_events WHERE series->>'contract' = 'good'"))
                .singleElement().satisfies(r -> assertThat(r.get("outcome")).isEqualTo("failure"));
    }
}

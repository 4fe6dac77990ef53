package io.pmtuner.job;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.sim.EngineSimulator;
import io.pmtuner.job.testing.PostgresTestBase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC 8: the same input gives the same rows at parallelism 1 and 2. */
class ParallelismITCase extends PostgresTestBase {
    static final String EPISODES = "SELECT episode_id, pattern_key, scope::text, series::text, decision, outcome,"
            + " outcome_reason, factors::text, blocked_by::text, trade_id, window_start_ts, window_end_ts, decision_ts,"
            + " outcome_ts, data_gap, \"timestamp\", start_seq, retest_index FROM pattern_episode_events ORDER BY episode_id";
    static final String REJECTS = "SELECT raw, series::text, reason, detail, event_ts FROM ingest_rejects ORDER BY raw, reason";

    @Test
    void parallelismOneAndTwoWriteIdenticalRows(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("sim.jsonl");
        try (Writer w = Files.newBufferedWriter(input)) {
            EngineSimulator.write(w, 30, 400, 7, Instant.parse("2026-01-01T00:00:00Z"), 3600, 0.35);
            w.write("not json at all\n");
        }
        JdbcSettings p1 = newDatabase();
        JdbcSettings p2 = newDatabase();
        runJob(input, p1, "--parallelism", "1");
        runJob(input, p2, "--parallelism", "2");

        List<Map<String, String>> episodes = query(p1, EPISODES);
        assertThat(episodes).hasSizeGreaterThan(100);
        assertThat(episodes).anySatisfy(r -> assertThat(r.get("outcome")).isNull());
        assertThat(query(p2, EPISODES)).isEqualTo(episodes);
        List<Map<String, String>> rejects = query(p1, REJECTS);
        assertThat(rejects).hasSize(1);
        assertThat(query(p2, REJECTS)).isEqualTo(rejects);
    }
}

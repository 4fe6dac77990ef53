package io.pmtuner.job;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.tools.sim.EngineSimulator;
import io.pmtuner.job.testing.CapturingReporter;
import io.pmtuner.job.testing.FaultyLines;
import io.pmtuner.job.testing.Lines;
import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.job.testing.Tables;
import io.pmtuner.model.RejectReason;

import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.PostgresExtension.query;
import static io.pmtuner.job.testing.TestJobs.runJob;
import static io.pmtuner.job.testing.TestJobs.startJob;
import static io.pmtuner.job.testing.Lines.failing;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event contract under a mixed stream: one bad line per reject code, at seeded places in a good simulated
 * stream, must change nothing in the good part's tables, land in {@code ingest_rejects} with its
 * reason, and be counted by the {@code rejects} metric. Hostile strings in series and scope (quotes, SQL,
 * unicode, 10 000 characters) are good input: stored verbatim, and harmless.
 */
class BadInputITCase extends PostgresTestBase {
    static final String LONG = "L".repeat(10_000);
    static final List<String> HOSTILE_CONTRACTS = List.of("x'); DROP TABLE pattern_episode_events;--",
            "quo\"te\\back\\\\slash", "トークン🚀", "مرحبا-عالم", LONG);
    static final String HOSTILE_CHAIN = "'; DELETE FROM learning_lessons; --";
    static final String HOSTILE_MCAP = "\"}], {\"x\": 1";

    static Map<String, List<Map<String, String>>> goodAlone;
    static Map<String, List<Map<String, String>>> mixed;
    static final Map<String, String> badLines = new TreeMap<>(); // reason -> raw
    static JdbcSettings mixedDb;
    static JobID mixedJob;

    @BeforeAll
    static void run(@TempDir Path dir) throws Exception {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<String> good = new ArrayList<>(EngineSimulator.lines(10, 200, 17, start, 3600, 0.4));
        List<Lines> hostile = new ArrayList<>();
        for (String contract : HOSTILE_CONTRACTS) {
            var scope = Lines.scope("chain", HOSTILE_CHAIN, "mcap_bucket", HOSTILE_MCAP, "vol_bucket", contract);
            // right after the simulated bars: the stream's time is theirs, within a day of these
            hostile.add(new Lines(contract, Duration.ofHours(1), start.plus(Duration.ofHours(200)))
                    .tick("S0", scope).tick("S1", failing("ts"), scope).tick("S0", scope));
        }
        good.addAll(Lines.merge(hostile.toArray(new Lines[0])));
        List<String> withBad = mixIn(good, new Random(5));
        assertThat(badLines.keySet()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(RejectReason.values()).map(RejectReason::code).toList());

        JdbcSettings goodDb = newDatabase();
        runJob(Files.write(dir.resolve("good.jsonl"), good), goodDb);
        goodAlone = Tables.snapshot(goodDb);

        mixedDb = newDatabase();
        mixedJob = startJob(Files.write(dir.resolve("mixed.jsonl"), withBad), mixedDb, FaultyLines.throttled("bad-input", 0), null)
                .getJobExecutionResult().get().getJobID();
        mixed = Tables.snapshot(mixedDb);
    }

    static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    static final Pattern BAR = Pattern.compile("\"bar_ts\":\"([^\"]+)\"");
    static final Pattern SERIES = Pattern.compile("\"series\":(\\{[^}]*\\})");

    /** Puts one bad line per reject code into the good stream, at places drawn from {@code random}. */
    static List<String> mixIn(List<String> good, Random random) {
        List<String> out = new ArrayList<>(good);
        int simulated = 10 * 200; // the simulator's ticks come first
        String series = "{\"book\":\"x\",\"chain\":\"solana\",\"contract\":\"bad\",\"timeframe\":\"1h\"}";
        String tickTail = ",\"state\":\"S0\",\"prev_state\":null,\"price\":1.0,\"atr\":0.1,\"buy_flag\":false,\"trim_flag\":false}";

        // history-dependent ones, next to the good line they are about
        int i = 500 + random.nextInt(simulated - 1000);
        while (!out.get(i).contains("\"type\":\"tick\"")) i++;
        String tick = out.get(i);
        put(out, i + 1, "duplicate_seq", tick);
        long seq = Long.parseLong(first(SEQ, tick));
        String regression = tick.replace("\"seq\":" + seq, "\"seq\":" + (seq - 5));
        put(out, i + 2, "seq_regression", regression);

        // a copy of a good tick three bars off its series' cadence, and a decision 200 h away from its tick's bar
        int k = 500 + random.nextInt(simulated - 1000);
        while (!out.get(k).contains("\"type\":\"tick\"") || k >= i - 2 && k <= i + 3) k++;
        String near = out.get(k);
        long kSeq = Long.parseLong(first(SEQ, near));
        put(out, k + 1, "off_cadence", near.replace("\"seq\":" + kSeq, "\"seq\":" + (kSeq + 3)));
        String kBar = first(BAR, near);
        put(out, k + 2, "decision_mismatch", "{\"v\":1,\"type\":\"decision\",\"series\":" + first(SERIES, near)
                + ",\"bar_ts\":\"" + Instant.parse(kBar).plusSeconds(200 * 3600) + "\",\"seq\":" + kSeq + ",\"action\":\"entry\"}");

        int at = 100 + random.nextInt(simulated - 200);
        String ts = first(BAR, out.get(at));
        String head = "{\"v\":1,\"type\":\"tick\",\"series\":" + series + ",\"bar_ts\":\"" + ts + "\",\"seq\":1";
        put(out, at, "illegal_transition", head + tickTail.replace("\"state\":\"S0\"", "\"state\":\"S2\""));
        put(out, at, "malformed_json", "{\"v\":1,\"type\":\"tick\",");
        put(out, at, "missing_field", "{\"v\":1,\"type\":\"tick\",\"bar_ts\":\"" + ts + "\",\"seq\":1}");
        put(out, at, "bad_type", head + tickTail.replace("\"price\":1.0", "\"price\":\"1.0\""));
        put(out, at, "unsupported_version", head.replace("\"v\":1", "\"v\":2") + tickTail);
        put(out, at, "unknown_type", head.replace("\"type\":\"tick\"", "\"type\":\"quote\"") + "}");
        put(out, at, "unknown_action", head.replace("\"type\":\"tick\"", "\"type\":\"decision\"") + ",\"action\":\"hodl\"}");
        put(out, at, "unknown_state", head + tickTail.replace("\"state\":\"S0\"", "\"state\":\"S7\""));
        put(out, at, "non_finite", head + tickTail.replace("\"atr\":0.1", "\"atr\":Infinity"));
        put(out, simulated, "late", head.replace(ts, "2025-12-01T00:00:00Z").replace("bad", "late") + tickTail);
        put(out, at, "time_jump", head.replace(ts, "9999-01-01T00:00:00Z").replace("bad", "far-ahead") + tickTail);
        return out;
    }

    private static void put(List<String> lines, int at, String reason, String raw) {
        lines.add(at, raw);
        badLines.put(reason, raw);
    }

    private static String first(Pattern p, String s) {
        Matcher m = p.matcher(s);
        if (!m.find()) throw new IllegalArgumentException(s);
        return m.group(1);
    }

    @Test
    void theGoodPartsTablesAreThoseOfTheGoodStreamAlone() {
        for (String table : List.of("pattern_episode_events", "learning_lessons", "pm_overrides", "pm_override_history")) {
            assertThat(mixed.get(table)).as(table).isEqualTo(goodAlone.get(table));
        }
        assertThat(goodAlone.get("pattern_episode_events")).hasSizeGreaterThan(50);
        assertThat(goodAlone.get("ingest_rejects")).isEmpty();
    }

    @Test
    void everyBadLineIsStoredWithItsReason() throws Exception {
        Map<String, String> stored = new TreeMap<>();
        for (Map<String, String> r : query(mixedDb, "SELECT reason, raw FROM ingest_rejects")) stored.put(r.get("reason"), r.get("raw"));
        assertThat(stored).isEqualTo(badLines);
    }

    @Test
    void theRejectMetricCountsEveryBadLine() {
        Map<String, Long> expected = new TreeMap<>();
        badLines.keySet().forEach(r -> expected.put(r, 1L));
        expected.put("rejects", (long) badLines.size());
        assertThat(CapturingReporter.rejectCounts(mixedJob.toHexString())).isEqualTo(expected);
    }

    @Test
    void hostileStringsAreStoredVerbatimAndHarmless() throws Exception {
        List<String> contracts = query(mixedDb, "SELECT series->>'contract' AS c FROM pattern_episode_events"
                + " WHERE scope->>'chain' = ?", HOSTILE_CHAIN).stream().map(r -> r.get("c")).toList();
        assertThat(contracts).containsExactlyInAnyOrderElementsOf(HOSTILE_CONTRACTS);
        for (String contract : HOSTILE_CONTRACTS) {
            assertThat(query(mixedDb, "SELECT episode_id FROM pattern_episode_events WHERE series->>'contract' = ?", contract))
                    .singleElement().satisfies(r -> assertThat(r.get("episode_id")).contains(contract));
            assertThat(query(mixedDb, "SELECT n_skipped FROM learning_lessons WHERE scope_subset = jsonb_build_object('vol_bucket', ?::text)",
                    contract)).singleElement().satisfies(r -> assertThat(r.get("n_skipped")).isEqualTo("1"));
        }
        assertThat(query(mixedDb, "SELECT n_skipped FROM learning_lessons WHERE scope_subset = jsonb_build_object('chain', ?::text,"
                + " 'mcap_bucket', ?::text)", HOSTILE_CHAIN, HOSTILE_MCAP))
                .singleElement().satisfies(r -> assertThat(r.get("n_skipped")).isEqualTo("5"));
        // and every table is still there, with its rows
        assertThat(query(mixedDb, "SELECT count(*) AS n FROM pattern_episode_events").get(0).get("n")).isNotEqualTo("0");
        assertThat(query(mixedDb, "SELECT count(*) AS n FROM learning_lessons").get(0).get("n")).isNotEqualTo("0");
    }
}

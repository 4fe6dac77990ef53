package io.pmtuner.job;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.testing.Lines;
import io.pmtuner.job.testing.PostgresTestBase;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.PostgresExtension.query;
import static io.pmtuner.job.testing.TestJobs.runJob;
import static io.pmtuner.job.testing.TestJobs.writeInput;
import static io.pmtuner.job.testing.Lines.buy;
import static io.pmtuner.job.testing.Lines.failing;
import static io.pmtuner.job.testing.Lines.pnl;
import static io.pmtuner.job.testing.Lines.price;
import static io.pmtuner.job.testing.Lines.trim;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The episode rules, end to end: JSON lines through the whole job on a MiniCluster into a
 * real PostgreSQL, asserting the rows. Every scenario is its own series; all run in one job.
 */
class EpisodeRulesITCase extends PostgresTestBase {
    private static final String S1 = "pm.s1_entry";
    private static final String S3 = "pm.s3_retest";

    // S1 -> S0 at once
    static final Lines failAtOnce = new Lines("fail-at-once").tick("S0").tick("S1", failing("ts")).tick("S0");
    // S1 -> S2 -> S1 -> S2 -> S3: one episode, reached S3
    static final Lines flips = new Lines("flips").tick("S0").tick("S1", buy()).decision("entry")
            .tick("S2").tick("S1").tick("S2").tick("S3");
    // S2 trim flag above the decision price
    static final Lines trimAbove = new Lines("trim-above").tick("S0").tick("S1", failing("halo"), price(1.0))
            .tick("S2", price(1.1)).tick("S2", trim(), price(1.2));
    // S2 trim decision with pnl > 0
    static final Lines trimDecision = new Lines("trim-decision").tick("S0").tick("S1", failing("ts", "halo"))
            .tick("S2").decision("trim", pnl(0.5));
    // a trim flag below the decision price does not count
    static final Lines trimBelow = new Lines("trim-below").tick("S0").tick("S1", buy(), price(1.0))
            .tick("S2", trim(), price(0.9)).tick("S1").tick("S0");
    // a decision on a tick of the window (the second one, sent with that tick)...
    static final Lines actedInWindow = new Lines("acted-in-window").tick("S0").tick("S1", buy()).tick("S1", buy())
            .decision("entry").tick("S0");
    // ...and one on the tick after it
    static final Lines actedAfterWindow = new Lines("acted-after-window").tick("S0").tick("S1", buy())
            .tick("S0").decision("entry");
    // the fewest failing gates decide the decision point (ties: the latest)
    static final Lines fewestFailing = new Lines("fewest-failing").tick("S0")
            .tick("S1", failing("ts", "halo"), price(1.0)).tick("S1", failing("halo"), price(2.0))
            .tick("S1", failing("ts"), price(3.0)).tick("S1", failing("ts", "halo"), price(4.0)).tick("S0");
    // two retests in one S3 run; the second has a trim on its start tick; the first resolves by it later
    static final Lines twoRetests = new Lines("two-retests").tick("S0").tick("S1").tick("S2")
            .tick("S3", buy()).tick("S3").tick("S3", buy(), trim()).tick("S3").tick("S0");
    // S3 -> S0 before any trim
    static final Lines s3Fails = new Lines("s3-fails").tick("S0").tick("S1").tick("S2")
            .tick("S3", buy()).decision("add").tick("S3", buy()).tick("S0");
    // horizon: 30 daily bars in S2 without an outcome
    static final Lines horizon = horizonSeries();
    // end of input: a closed window without outcome stays pending; an open window writes nothing
    static final Lines pending = new Lines("pending").tick("S0").tick("S1").tick("S2");
    static final Lines openWindow = new Lines("open-window").tick("S0").tick("S1").tick("S1");
    // a gap in seq inside the window marks the episode
    static final Lines gap = new Lines("gap").tick("S0").tick("S1", failing("ts")).gap(2).tick("S1").tick("S0");

    static JdbcSettings db;

    private static Lines horizonSeries() {
        Lines l = new Lines("horizon", Duration.ofDays(1)).tick("S0").tick("S1", failing("ts")).tick("S2");
        for (int i = 0; i < 30; i++) l.tick("S2");
        return l;
    }

    static List<String> input() {
        return Lines.merge(failAtOnce, flips, trimAbove, trimDecision, trimBelow, actedInWindow, actedAfterWindow,
                fewestFailing, twoRetests, s3Fails, horizon, pending, openWindow, gap);
    }

    @BeforeAll
    static void runOnce(@TempDir Path dir) throws Exception {
        db = newDatabase();
        // the horizon series goes on alone for a month of daily bars: it moves the time once the others are silent
        runJob(writeInput(dir, input()), db, "--ingest.active-lines", "20");
    }

    private static Map<String, String> episode(String id) throws Exception {
        List<Map<String, String>> rows = query(db, "SELECT decision, outcome, outcome_reason,"
                + " array_to_string(blocked_by, ',') AS blocked_by, data_gap::text AS data_gap, trade_id,"
                + " extract(epoch FROM outcome_ts)::bigint::text AS outcome_ts,"
                + " extract(epoch FROM decision_ts)::bigint::text AS decision_ts,"
                + " (factors->>'price') AS dp_price, (factors->>'window_ticks') AS window_ticks,"
                + " retest_index::text AS retest_index FROM pattern_episode_events WHERE episode_id = ?", id);
        assertThat(rows).as("row for %s", id).hasSize(1);
        return rows.get(0);
    }

    private static String epoch(Instant t) {
        return Long.toString(t.getEpochSecond());
    }

    private static String barOf(int seq) {
        return epoch(Lines.T0.plus(Duration.ofHours(seq - 1)));
    }

    private static long episodesOf(Lines series) throws Exception {
        return Long.parseLong(query(db, "SELECT count(*) AS n FROM pattern_episode_events WHERE series->>'contract' = ?",
                series.contract).get(0).get("n"));
    }

    @Test
    void s1ToS0AtOnceIsAFailureBlockedByTs() throws Exception {
        Map<String, String> e = episode(failAtOnce.episodeId(S1, 2));
        assertThat(e).containsEntry("decision", "skipped").containsEntry("outcome", "failure")
                .containsEntry("outcome_reason", "returned_s0").containsEntry("blocked_by", "ts")
                .containsEntry("outcome_ts", barOf(3)).containsEntry("window_ticks", "1");
    }

    @Test
    void flipsBetweenS1AndS2AreOneEpisodeThatReachesS3() throws Exception {
        assertThat(episodesOf(flips)).isEqualTo(1);
        Map<String, String> e = episode(flips.episodeId(S1, 2));
        assertThat(e).containsEntry("decision", "acted").containsEntry("outcome", "success")
                .containsEntry("outcome_reason", "reached_s3").containsEntry("outcome_ts", barOf(6))
                .containsEntry("trade_id", "flips-t2");
        assertThat(e.get("blocked_by")).isNull();
    }

    @Test
    void trimFlagAboveTheDecisionPriceInS2IsASuccess() throws Exception {
        assertThat(episode(trimAbove.episodeId(S1, 2))).containsEntry("outcome", "success")
                .containsEntry("outcome_reason", "s2_profitable_trim").containsEntry("outcome_ts", barOf(4))
                .containsEntry("blocked_by", "halo");
    }

    @Test
    void trimDecisionWithProfitInS2IsASuccess() throws Exception {
        assertThat(episode(trimDecision.episodeId(S1, 2))).containsEntry("outcome", "success")
                .containsEntry("outcome_reason", "s2_profitable_trim").containsEntry("outcome_ts", barOf(3))
                .containsEntry("blocked_by", "halo,ts");
    }

    @Test
    void trimFlagBelowTheDecisionPriceDoesNotCount() throws Exception {
        assertThat(episode(trimBelow.episodeId(S1, 2))).containsEntry("outcome", "failure")
                .containsEntry("outcome_reason", "returned_s0").containsEntry("outcome_ts", barOf(5))
                .containsEntry("decision", "skipped").containsEntry("blocked_by", "pm");
    }

    @Test
    void aDecisionOnATickOfTheWindowActsAndOneOnTheNextTickDoesNot() throws Exception {
        assertThat(episode(actedInWindow.episodeId(S1, 2))).containsEntry("decision", "acted")
                .containsEntry("trade_id", "acted-in-window-t3");
        Map<String, String> after = episode(actedAfterWindow.episodeId(S1, 2));
        assertThat(after).containsEntry("decision", "skipped").containsEntry("blocked_by", "pm");
        assertThat(after.get("trade_id")).isNull();
    }

    @Test
    void withoutABuyFlagTheDecisionPointIsTheTickWithFewestFailingGatesLatestOnTies() throws Exception {
        Map<String, String> e = episode(fewestFailing.episodeId(S1, 2));
        assertThat(e).containsEntry("decision_ts", barOf(4)).containsEntry("dp_price", "3.0")
                .containsEntry("blocked_by", "ts").containsEntry("window_ticks", "4");
    }

    @Test
    void twoRetestsInOneS3Run() throws Exception {
        Map<String, String> first = episode(twoRetests.episodeId(S3, 4));
        Map<String, String> second = episode(twoRetests.episodeId(S3, 6));
        assertThat(first).containsEntry("retest_index", "1").containsEntry("decision", "skipped")
                .containsEntry("blocked_by", "pm").containsEntry("outcome", "success")
                .containsEntry("outcome_reason", "trim_signal").containsEntry("outcome_ts", barOf(6));
        // a trim on the retest's own start tick counts
        assertThat(second).containsEntry("retest_index", "2").containsEntry("outcome", "success")
                .containsEntry("outcome_reason", "trim_signal").containsEntry("outcome_ts", barOf(6));
        assertThat(episode(twoRetests.episodeId(S1, 2))).containsEntry("outcome_reason", "reached_s3");
    }

    @Test
    void s3ReturningToS0BeforeAnyTrimIsAFailure() throws Exception {
        assertThat(episode(s3Fails.episodeId(S3, 4))).containsEntry("decision", "acted")
                .containsEntry("outcome", "failure").containsEntry("outcome_reason", "returned_s0")
                .containsEntry("outcome_ts", barOf(6));
    }

    @Test
    void noOutcomeWithinTheHorizonResolvesNeutralAtTheFirstTickPastIt() throws Exception {
        // decision point: day 2 (the S1 tick); first tick at or past day 2 + 30d is day 32
        assertThat(episode(horizon.episodeId(S1, 2))).containsEntry("outcome", "neutral")
                .containsEntry("outcome_reason", "horizon")
                .containsEntry("outcome_ts", epoch(Lines.T0.plus(Duration.ofDays(31))));
    }

    @Test
    void endOfInputLeavesClosedEpisodesPendingAndOpenWindowsUnwritten() throws Exception {
        Map<String, String> e = episode(pending.episodeId(S1, 2));
        assertThat(e.get("outcome")).isNull();
        assertThat(e.get("outcome_ts")).isNull();
        assertThat(episodesOf(openWindow)).isZero();
    }

    @Test
    void aSeqGapMarksTheEpisode() throws Exception {
        assertThat(episode(gap.episodeId(S1, 2))).containsEntry("data_gap", "true").containsEntry("outcome", "failure");
        assertThat(episode(failAtOnce.episodeId(S1, 2))).containsEntry("data_gap", "false");
    }

    @Test
    void noRejectsFromGoodInput() throws Exception {
        assertThat(query(db, "SELECT reason, detail FROM ingest_rejects")).isEmpty();
    }
}

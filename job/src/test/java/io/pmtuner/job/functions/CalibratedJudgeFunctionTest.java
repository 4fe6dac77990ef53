package io.pmtuner.job.functions;

import io.pmtuner.patterns.EpisodeKind;
import io.pmtuner.model.EpisodeDecision;
import io.pmtuner.model.Outcome;
import io.pmtuner.job.config.JudgeSettings;
import io.pmtuner.core.tuning.JudgeParameters;
import io.pmtuner.core.tuning.OverrideChange;
import io.pmtuner.core.tuning.Vote;
import io.pmtuner.model.Episode;
import io.pmtuner.model.Series;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The judge operator in calibrated mode ({@link LatticeJudgeFunction}, keyed by pattern): changes with
 * their evidence once the watermark passes, subsets judged general first whatever their arrival order,
 * bounded state, no timers left, savepoints.
 */
class CalibratedJudgeFunctionTest {
    private static final long HOUR = 3_600_000L;

    /**
     * Votes of {@code n} setups of a world like the reference W1 (quality q uniform, score q + N(0, 0.1^2)
     * against a ts gate of base 0.6 that never moves, success with probability sigmoid(8 (q - 0.5)): the
     * best multiplier is 5/6), two subsets each ({} and the scope).
     */
    private static List<Vote> votes(int n) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        Series series = new Series("test", "w1", "tok", "1h");
        List<Vote> out = new ArrayList<>();
        for (int t = 1; t <= n; t++) {
            double q = random.nextDouble();
            double ts = q + 0.1 * random.nextGaussian();
            boolean open = ts >= 0.6;
            boolean acted = open && random.nextDouble() < 0.9;
            boolean success = random.nextDouble() < 1 / (1 + Math.exp(-8 * (q - 0.5)));
            Episode e = new Episode();
            e.patternKey = "pm.s1_entry";
            e.series = series;
            e.episodeId = Episode.id(e.patternKey, series, t);
            e.scope = java.util.Map.of("mcap_bucket", "s0");
            e.decide(acted ? EpisodeDecision.ACTED : EpisodeDecision.SKIPPED);
            e.blockedBy = acted ? null : List.of(open ? "pm" : "ts");
            e.decisionTs = t * HOUR;
            e.closeTs = t * HOUR + 1;
            e.tsImplied = ts / 0.6;
            e.resolve(success ? Outcome.SUCCESS : Outcome.FAILURE, success ? "reached_s3" : "returned_s0", t * HOUR + HOUR / 2);
            out.addAll(ScopeFanOutFunction.votes(e, EpisodeKind.S1_ENTRY.tuningKey, List.of("mcap_bucket"), 1));
        }
        return out;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Vote, OverrideChange> harness() throws Exception {
        JudgeSettings s = JudgeSettings.withDefaults();
        s.mode = JudgeParameters.Mode.calibrated;
        s.size = JudgeParameters.Size.none; // the gates alone
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new LatticeJudgeFunction(s.parameters())), v -> v.tuningKey,
                Types.STRING);
    }

    private static List<OverrideChange> changes(KeyedOneInputStreamOperatorTestHarness<String, Vote, OverrideChange> h) {
        List<OverrideChange> out = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) out.add((OverrideChange) r.getValue());
        return out;
    }

    /** The votes, then a watermark past the last: each is judged when the watermark passes the time its outcome became known. */
    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, Vote, OverrideChange> h, List<Vote> vs) throws Exception {
        for (Vote v : vs) h.processElement(new StreamRecord<>(v, v.knownTs));
        h.processWatermark(vs.get(vs.size() - 1).knownTs);
    }

    @Test
    void movesTheGateTowardTheBestOneWithItsEvidence() throws Exception {
        try (var h = harness()) {
            h.open();
            feed(h, votes(2000));
            List<OverrideChange> changes = changes(h);
            assertThat(changes).isNotEmpty().allSatisfy(c -> {
                assertThat(c.patternKey).isEqualTo("pm.tuning.s1_gates");
                assertThat(c.rules).isEqualTo("calibrate_ts");
                assertThat(c.aValueMult).isEqualTo(1.0);
                assertThat(c.haloMult).isEqualTo(1.0);
                // 2 to 25 bins: a far crossing known well moves further than 5
                assertThat(Math.abs(c.tsMinMult - c.oldTsMinMult)).isBetween(0.015, 0.2501);
                assertThat(c.evidenceJson).contains("\"mode\":\"calibrated\"", "\"m_star\":", "\"se\":", "\"be\":0.5",
                        "\"window_half_width\":", "\"window_episodes\":", "\"held\":", "\"blocks\":", "\"old_mult\":", "\"new_mult\":",
                        "\"own\":true", "\"trigger_episode_id\":\"" + c.triggerEpisodeId + "\"");
            });
            // W1's best threshold is 0.5 on a base of 0.6: the gate ends near 0.833
            OverrideChange last = changes.get(changes.size() - 1);
            assertThat(last.tsMinMult).isBetween(0.79, 0.88);
            assertThat(changes.get(0).subsetJson).as("the parent moves first").isEqualTo("{}");
            for (String subset : changes.stream().map(c -> c.subsetJson).distinct().toList()) {
                List<Integer> versions = changes.stream().filter(c -> c.subsetJson.equals(subset)).map(c -> c.version).toList();
                assertThat(versions).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, versions.size()).boxed().toList());
            }
            assertThat(h.numEventTimeTimers()).isZero();
            // the gates of both subsets, and which have moved the ts gate; no vote left pending
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);
        }
    }

    @Test
    void anEpisodesSubsetsAreJudgedGeneralFirstWhateverTheirArrivalOrder() throws Exception {
        List<Vote> inOrder = votes(1500);
        List<Vote> reversed = new ArrayList<>();
        // each episode's votes, most specific first, as another subtask of the miner may send them
        for (int i = 0; i < inOrder.size(); i += 2) {
            reversed.add(inOrder.get(i + 1));
            reversed.add(inOrder.get(i));
        }
        assertThat(reversed.get(0).subsetJson).isNotEqualTo("{}");
        List<OverrideChange> a;
        try (var h = harness()) {
            h.open();
            feed(h, inOrder);
            a = changes(h);
        }
        try (var h = harness()) {
            h.open();
            feed(h, reversed);
            assertThat(changes(h)).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(a).isNotEmpty();
        }
    }

    @Test
    void stateStaysBoundedOverAHundredThousandEpisodes() throws Exception {
        List<Vote> all = votes(100_000);
        try (var h = harness()) {
            h.open();
            feed(h, all.subList(0, 20_000));
            long after10k = h.snapshot(1, 1).getManagedKeyedState().stream().mapToLong(s -> s.getStateSize()).sum();
            feed(h, all.subList(20_000, all.size()));
            long after100k = h.snapshot(2, 2).getManagedKeyedState().stream().mapToLong(s -> s.getStateSize()).sum();
            // ten thousand episodes already fill the ring (20 blocks of 200): ten times more adds nothing
            assertThat(after100k).isLessThanOrEqualTo(after10k + 64);
            // two subsets x two gates x 20 blocks x (bins + 2) x six counts x 4 bytes, and little else
            assertThat(after100k).isLessThan(160 * 1024);
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);
        }
    }

    @Test
    void aSavepointInTheMiddleChangesNothing() throws Exception {
        List<Vote> all = votes(3000);
        List<OverrideChange> straight;
        try (var h = harness()) {
            h.open();
            feed(h, all);
            straight = changes(h);
        }
        List<OverrideChange> resumed = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var first = harness()) {
            first.open();
            feed(first, all.subList(0, 2345));
            resumed.addAll(changes(first));
            snapshot = first.snapshot(1, 1);
        }
        try (var second = harness()) {
            second.initializeState(snapshot);
            second.open();
            feed(second, all.subList(2345, all.size()));
            resumed.addAll(changes(second));
        }
        assertThat(straight).hasSizeGreaterThan(3);
        assertThat(resumed).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(straight);
    }

    @Test
    void votesThatAreNoEvidenceLeaveNoState() throws Exception {
        try (var h = harness()) {
            h.open();
            List<Vote> vs = votes(100);
            for (Vote v : vs) {
                v.tsImplied = null; // e.g. no base on the gate
            }
            feed(h, vs);
            Vote neutral = votes(1).get(0);
            neutral.outcome = "neutral";
            feed(h, List.of(neutral));
            assertThat(changes(h)).isEmpty();
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }
}

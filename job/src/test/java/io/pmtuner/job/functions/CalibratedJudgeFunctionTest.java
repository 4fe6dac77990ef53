package io.pmtuner.job.functions;

import io.pmtuner.job.config.JudgeSettings;
import io.pmtuner.core.tuning.JudgeParameters;
import io.pmtuner.core.tuning.OverrideChange;
import io.pmtuner.job.tuning.Vote;
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

/** The judge operator in calibrated mode: changes with their evidence, bounded state, no timers, savepoints. */
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
            e.decision = acted ? "acted" : "skipped";
            e.blockedBy = acted ? null : List.of(open ? "pm" : "ts");
            e.decisionTs = t * HOUR;
            e.closeTs = t * HOUR + 1;
            e.tsImplied = ts / 0.6;
            e.resolve(success ? "success" : "failure", success ? "reached_s3" : "returned_s0", t * HOUR + HOUR / 2);
            out.addAll(ScopeFanOutFunction.votes(e, List.of("mcap_bucket"), 1));
        }
        return out;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Vote, OverrideChange> harness() throws Exception {
        JudgeParameters settings = JudgeSettings.defaults().withMode(JudgeParameters.Mode.calibrated);
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(JudgeFunction.of(settings, false)), v -> v.key,
                Types.STRING);
    }

    private static List<OverrideChange> changes(KeyedOneInputStreamOperatorTestHarness<String, Vote, OverrideChange> h) {
        List<OverrideChange> out = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) out.add((OverrideChange) r.getValue());
        return out;
    }

    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, Vote, OverrideChange> h, List<Vote> vs) throws Exception {
        for (Vote v : vs) h.processElement(new StreamRecord<>(v, v.knownTs));
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
                assertThat(Math.abs(c.tsMinMult - c.oldTsMinMult)).isBetween(0.015, 0.0501);
                assertThat(c.evidenceJson).contains("\"mode\":\"calibrated\"", "\"m_star\":", "\"se\":", "\"be\":0.5",
                        "\"window_half_width\":", "\"window_episodes\":", "\"held\":", "\"blocks\":", "\"old_mult\":", "\"new_mult\":",
                        "\"trigger_episode_id\":\"" + c.triggerEpisodeId + "\"");
            });
            // W1's best threshold is 0.5 on a base of 0.6: both subsets end near 0.833
            OverrideChange last = changes.get(changes.size() - 1);
            assertThat(last.tsMinMult).isBetween(0.79, 0.88);
            assertThat(changes).extracting(c -> c.subsetJson).contains("{}", "{\"mcap_bucket\":\"s0\"}");
            assertThat(changes.stream().filter(c -> c.subsetJson.equals("{}")).mapToInt(c -> c.version))
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1,
                            (int) changes.stream().filter(c -> c.subsetJson.equals("{}")).count()).boxed().toList());
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);
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
            assertThat(after100k).isLessThan(64 * 1024);
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

package io.pmtuner.core.tuning.calibrated;

import io.pmtuner.model.Outcome;
import io.pmtuner.client.TuningOverrides;
import io.pmtuner.core.tuning.OverrideChange;
import io.pmtuner.core.tuning.TuningJudge;
import io.pmtuner.model.TunedGate;
import io.pmtuner.core.tuning.calibrated.CalibratedJudge.Judgment;
import io.pmtuner.job.config.JudgeSettings;
import io.pmtuner.core.tuning.Vote;
import io.pmtuner.model.Episode;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The three thin-scope changes to the calibrated judge, each on a case whose answer is known: the
 * PM-selection correction against a hand computation, the step sized by the standard error, and
 * inheritance in a lattice of a parent and a thin child.
 */
class ThinScopesJudgeTest {
    private static JudgeSettings settings(boolean inherit, boolean stepBySe, boolean pmSelection) {
        JudgeSettings s = JudgeSettings.withDefaults();
        s.mode = io.pmtuner.core.tuning.JudgeParameters.Mode.calibrated;
        s.calibration.inherit = inherit;
        s.calibration.stepBySe = stepBySe;
        s.calibration.pmSelection = pmSelection;
        return s;
    }

    /** Adds {@code n} episodes to bin {@code bin}: {@code successes} of them successes, as the PM {@code selection}. */
    private static void add(GateCalibration g, int bin, int n, int successes, GateCalibration.Selection selection) {
        for (int k = 0; k < n; k++) g.add(bin, k < successes, selection, 1000, 20);
    }

    @Test
    void theSelectionCorrectionIsTheMantelHaenszelOddsRatioShrunk() {
        CalibratedJudge judge = new CalibratedJudge(settings(false, false, true).parameters());
        GateCalibration g = judge.ready(null, TunedGate.TS);
        int i = g.binOf(1.0);
        int j = g.binOf(1.1);
        // bin i: acted 40 successes, 20 failures; open but skipped 30, 40. bin j: 35, 15; 25, 30
        add(g, i, 60, 40, GateCalibration.Selection.ACTED);
        add(g, i, 70, 30, GateCalibration.Selection.OPEN_SKIPPED);
        add(g, j, 50, 35, GateCalibration.Selection.ACTED);
        add(g, j, 55, 25, GateCalibration.Selection.OPEN_SKIPPED);
        add(g, g.binOf(0.7), 40, 5, GateCalibration.Selection.BLOCKED); // blocked episodes count in neither
        CalibratedJudge.Selection sel = judge.selection(g);
        // computed by hand (with a calculator) from the counts above, break-even 0.5
        assertThat(sel.theta()).isCloseTo(1.0024068536562736, within(1e-12));
        assertThat(sel.f()).isCloseTo(0.9259844237166305, within(1e-12));
        assertThat(sel.pt()).isCloseTo(0.38472732537970217, within(1e-12));
    }

    @Test
    void theSelectionCorrectionIsSkippedBelowThirtyInACell() {
        CalibratedJudge judge = new CalibratedJudge(settings(false, false, true).parameters());
        GateCalibration g = judge.ready(null, TunedGate.TS);
        int i = g.binOf(1.0);
        add(g, i, 80, 45, GateCalibration.Selection.ACTED);
        add(g, i, 70, 41, GateCalibration.Selection.OPEN_SKIPPED); // 29 skipped failures
        assertThat(judge.selection(g).applied()).isFalse();
        add(g, i, 1, 0, GateCalibration.Selection.OPEN_SKIPPED); // the 30th
        assertThat(judge.selection(g).applied()).isTrue();
    }

    @Test
    void aCorrectedMoveCrossesWhereTheActedSetupsBreakEven() {
        CalibratedJudge judge = new CalibratedJudge(settings(false, false, true).parameters());
        GateCalibration g = judge.ready(null, TunedGate.TS);
        SplittableRandom random = new SplittableRandom(3);
        // success rises with m; the PM acts more on the setups that succeed: acted succeed more at equal m
        for (int k = 0; k < 4000; k++) {
            double m = 0.5 + random.nextDouble();
            boolean success = random.nextDouble() < LogisticFit.sigmoid(8 * (m - 1.2));
            boolean acted = random.nextDouble() < (success ? 0.8 : 0.4);
            g.add(g.binOf(m), success, acted ? GateCalibration.Selection.ACTED : GateCalibration.Selection.OPEN_SKIPPED, 200, 20);
        }
        Judgment j = judge.judge(g, TunedGate.TS);
        CalibratedJudge.Move move = j.move();
        assertThat(move.selection().applied()).isTrue();
        assertThat(move.selection().theta()).isPositive();
        assertThat(move.selection().pt()).isLessThan(0.5); // all setups break even below the acted ones' 0.5
        assertThat(move.mStar()).isCloseTo(1 + (LogisticFit.logit(move.selection().pt()) - move.a()) / move.b(), within(1e-12));
    }

    /** The move a step-by-se judge makes on {@code perBin} episodes a bin of p(m) = sigmoid(slope (m - centre)). */
    private static CalibratedJudge.Move move(double centre, double slope, int perBin) {
        CalibratedJudge judge = new CalibratedJudge(settings(false, true, false).parameters());
        GateCalibration g = judge.ready(null, TunedGate.TS);
        for (int i = g.binOf(0.5); i <= g.binOf(1.499); i++) {
            add(g, i, perBin, (int) Math.round(perBin * LogisticFit.sigmoid(slope * (g.centre(i) - centre))), GateCalibration.Selection.BLOCKED);
        }
        Judgment j = judge.judge(g, TunedGate.TS);
        assertThat(j.move()).as("a move, not a hold (%s)", j.hold()).isNotNull();
        return j.move();
    }

    @Test
    void aFarCrossingKnownWellMovesUpToTwentyFiveBinsNeverPastTwoSeShortOfIt() {
        // far: 200 episodes a bin know the crossing well; the cap of 25 bins
        CalibratedJudge.Move far = move(1.45, 6, 200);
        assertThat((far.mStar() - 1.0 - 2 * far.se()) / 0.01).isGreaterThan(25);
        assertThat(far.newMult()).isCloseTo(1.25, within(1e-9));
        assertThat(far.newMult()).isLessThan(far.mStar() - 2 * far.se());
        // nearer: more than five bins, stopping 2 se short of the crossing
        CalibratedJudge.Move near = move(1.2, 6, 200);
        int bins = (int) Math.round((near.newMult() - 1.0) / 0.01);
        assertThat(bins).isEqualTo(Math.max(5, Math.min(25, (int) Math.floor((near.mStar() - 1.0 - 2 * near.se()) / 0.01 + 1e-9))));
        assertThat(bins).isGreaterThan(5).isLessThan(25);
        assertThat(near.newMult()).isLessThanOrEqualTo(near.mStar() - 2 * near.se() + 1e-9);
    }

    /** A resolved vote of one subset: the ts gate's implied multiplier m, acted or not (the gate let it through). */
    private static Vote vote(String subset, int n, double m, boolean success) {
        Vote v = new Vote();
        v.patternKey = "pm.s1_entry";
        v.tuningKey = "pm.tuning.s1_gates";
        v.subsetJson = subset;
        v.key = Vote.key(v.patternKey, subset);
        v.episodeId = "e" + n;
        v.acted = true;
        v.outcome = (success ? Outcome.SUCCESS : Outcome.FAILURE).wire();
        v.outcomeTs = 1_000L * n;
        v.knownTs = v.outcomeTs;
        v.tsImplied = m;
        v.tsPassed = true;
        return v;
    }

    @Test
    void aThinChildStartsFromItsMovedParentWritesNothingUntilItMovesThenSpec7GivesItsOwnValue() {
        LatticeJudge lattice = new LatticeJudge(new CalibratedGatesJudge(settings(true, false, false).parameters()));
        Map<String, CalibratedJudgeState> states = new HashMap<>();
        Map<String, OwnKey> owns = new HashMap<>();
        LatticeJudge.States st = new LatticeJudge.States() {
            public CalibratedJudgeState get(String s) {
                return states.get(s);
            }

            public void put(String s, CalibratedJudgeState state) {
                states.put(s, state);
            }
        };
        LatticeJudge.Owns ow = new LatticeJudge.Owns() {
            public OwnKey get(TunedGate gate, String s) {
                return owns.get(gate + s);
            }

            public void put(TunedGate gate, String s, OwnKey k) {
                owns.put(gate + s, k);
            }
        };
        String parent = "{}";
        String child = "{\"mcap_bucket\":\"micro\"}";
        SplittableRandom random = new SplittableRandom(5);
        List<OverrideChange> changes = new ArrayList<>();
        // the parent: the crossing at 0.8, many episodes; it moves down
        int n = 0;
        while (changes.isEmpty() || states.get(parent).ts.multiplier() > 0.86) {
            double m = 0.5 + random.nextDouble();
            OverrideChange c = lattice.onVote(vote(parent, ++n, m, random.nextDouble() < LogisticFit.sigmoid(10 * (m - 0.8))), st, ow,
                    TuningJudge.Listener.NONE);
            if (c != null) changes.add(c);
        }
        double parentAt = states.get(parent).ts.multiplier();
        assertThat(changes).allSatisfy(c -> assertThat(c.subsetJson).isEqualTo(parent));

        // the child's first evidence: it starts where its parent stands, and writes nothing
        OverrideChange first = lattice.onVote(vote(child, ++n, 1.2, true), st, ow, TuningJudge.Listener.NONE);
        assertThat(first).isNull();
        assertThat(states.get(child).ts.multiplier()).isEqualTo(parentAt);
        assertThat(states.get(child).ts.own).isFalse();
        assertThat(states.get(child).ts.inheritedFrom).isEqualTo(parent);

        // its own crossing is at 1.2: it writes nothing until it moves, then its own value
        OverrideChange childMove = null;
        int childVotes = 0;
        while (childMove == null) {
            double m = 0.5 + random.nextDouble();
            childMove = lattice.onVote(vote(child, ++n, m, random.nextDouble() < LogisticFit.sigmoid(10 * (m - 1.2))), st, ow,
                    TuningJudge.Listener.NONE);
            childVotes++;
        }
        assertThat(childVotes).isGreaterThanOrEqualTo(49); // no change before its first judgment that moves
        assertThat(childMove.subsetJson).isEqualTo(child);
        assertThat(childMove.oldTsMinMult).isEqualTo(parentAt);
        assertThat(childMove.tsMinMult).isGreaterThan(parentAt);
        assertThat(childMove.evidenceJson).contains("\"own\":true,\"inherited_from\":\"{}\"");
        assertThat(states.get(child).ts.own).isTrue();

        // the engine's lookup over the overrides written: the child's scope gets the child's value, another scope the parent's
        List<TuningOverrides.Override> rows = new ArrayList<>();
        for (OverrideChange c : List.of(changes.get(changes.size() - 1), childMove)) {
            Map<String, String> subset = c.subsetJson.equals(parent) ? Map.of() : Map.of("mcap_bucket", "micro");
            rows.add(TuningOverrides.Override.proposal("pm.tuning.s1_gates", subset, c.subsetJson, c.tsMinMult, c.haloMult, c.aValueMult,
                    c.evidenceEpisodes, c.decidedTs, c.version));
        }
        TuningOverrides resolved = TuningOverrides.of(rows);
        assertThat(resolved.resolve("pm.s1_entry", Map.of("mcap_bucket", "micro")).tsMinMult()).isEqualTo(childMove.tsMinMult);
        assertThat(resolved.resolve("pm.s1_entry", Map.of("mcap_bucket", "large")).tsMinMult()).isEqualTo(parentAt);
    }

    @Test
    void payoffSizesByTheKellyFractionOfTheActedSetupsItLetsThrough() throws Exception {
        // losses three times the wins: a win rate near 0.9 above the gate is a small Kelly fraction
        JudgeSettings s = settings(false, false, false);
        s.payoffWin = 1;
        s.payoffLoss = 3;
        assertThat(s.effectiveSize()).isEqualTo(io.pmtuner.core.tuning.JudgeParameters.Size.payoff);
        CalibratedGatesJudge judge = new CalibratedGatesJudge(s.parameters());
        CalibratedJudgeState state = new CalibratedJudgeState();
        SplittableRandom random = new SplittableRandom(9);
        OverrideChange sized = null;
        for (int n = 1; sized == null && n < 20_000; n++) {
            double m = 0.5 + random.nextDouble();
            OverrideChange c = judge.onVote(state, vote("{}", n, m, random.nextDouble() < LogisticFit.sigmoid(10 * (m - 0.8))),
                    TuningJudge.Listener.NONE);
            if (c != null && c.rules.contains("size_payoff")) sized = c;
        }
        assertThat(sized).as("a size change").isNotNull();
        com.fasterxml.jackson.databind.JsonNode size = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sized.evidenceJson).path("size");
        double p = size.path("acted_win_rate").asDouble();
        double kelly = p / 3 - (1 - p) / 1;
        assertThat(sized.aValueMult).isCloseTo(Math.max(0.5, Math.min(1.5, kelly / 0.3)), within(1e-6));
        assertThat(sized.aValueMult).isLessThan(1.0);
        assertThat(size.path("acted").asLong()).isGreaterThanOrEqualTo(30);
    }
}

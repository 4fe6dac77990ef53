package io.pmtuner.core.tuning.calibrated;

import io.pmtuner.job.config.JudgeSettings;
import io.pmtuner.model.TunedGate;
import io.pmtuner.core.tuning.calibrated.CalibratedJudge.Hold;
import io.pmtuner.core.tuning.calibrated.CalibratedJudge.Judgment;

import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The calibrated judge step by step on hand-made histograms: each bin gets the episodes a known success curve
 * p(m) gives it (successes rounded), so the crossing the judge should find is known.
 */
class CalibratedJudgeTest {
    private final JudgeSettings settings = spec10();
    private final CalibratedJudge judge = new CalibratedJudge(settings.parameters());

    /** The calibrated judge alone: the thin-scope step and selection correction off (they have tests of their own). */
    static JudgeSettings spec10() {
        JudgeSettings s = JudgeSettings.withDefaults();
        s.calibration.stepBySe = false;
        s.calibration.pmSelection = false;
        s.calibration.inherit = false;
        return s;
    }

    /** p(success | m) = sigmoid(slope (m - centre)): crosses 0.5 (the default break-even) at centre. */
    private static DoubleUnaryOperator curve(double centre, double slope) {
        return m -> LogisticFit.sigmoid(slope * (m - centre));
    }

    /** {@code perBin} episodes in every bin of [from, to), successes as {@code p} says. */
    private static void fill(GateCalibration g, double from, double to, int perBin, DoubleUnaryOperator p) {
        for (int i = g.binOf(from); i < g.binOf(to); i++) {
            int successes = (int) Math.round(perBin * p.applyAsDouble(g.centre(i)));
            for (int k = 0; k < perBin; k++) g.add(i, k < successes, 200, 20);
        }
    }

    private GateCalibration ts() {
        return judge.ready(null, TunedGate.TS);
    }

    @Test
    void theGridSpansTheClampWithAnUnderAndAnOverflowBin() {
        GateCalibration g = ts();
        assertThat(g.bins).isEqualTo(100);
        assertThat(g.multiplier()).isEqualTo(1.0);
        assertThat(g.binOf(0.2)).isEqualTo(0);
        assertThat(g.binOf(0.5)).isEqualTo(1);
        assertThat(g.binOf(1.0)).isEqualTo(51);
        assertThat(g.binOf(1.499)).isEqualTo(100);
        assertThat(g.binOf(1.5)).isEqualTo(101);
        GateCalibration halo = judge.ready(null, TunedGate.HALO);
        assertThat(halo.bins).isEqualTo(150);
        assertThat(halo.multiplier()).isEqualTo(1.0);
    }

    @Test
    void holdsWithFewerThanFiftyEpisodesAndJudgesEveryTwentyFifth() {
        GateCalibration g = ts();
        Judgment first = null;
        for (int i = 1; i <= 25; i++) {
            Judgment j = judge.observe(g, TunedGate.TS, 0.6 + i * 0.01, i % 2 == 0, CalibratedJudge.Permit.ANY);
            if (i < 25) assertThat(j).isNull(); else first = j;
        }
        assertThat(first.hold()).isEqualTo(Hold.evidence);
        for (int i = 1; i < 25; i++) assertThat(judge.observe(g, TunedGate.TS, 0.6 + i * 0.01, i % 2 == 0, CalibratedJudge.Permit.ANY)).isNull();
        assertThat(judge.observe(g, TunedGate.TS, 0.7, true, CalibratedJudge.Permit.ANY)).isNotNull(); // the 50th: judged on its merits
    }

    @Test
    void findsTheCrossingAndMovesAtMostFiveBinsTowardIt() {
        GateCalibration g = ts();
        fill(g, 0.5, 1.5, 20, curve(0.8, 10)); // 2000 episodes, crossing at 0.8
        Judgment j = judge.judge(g, TunedGate.TS);
        assertThat(j.move()).isNotNull();
        assertThat(j.move().mStar()).isCloseTo(0.8, within(0.01));
        assertThat(j.move().b()).isPositive();
        assertThat(j.move().se()).isPositive().isLessThan(0.05);
        assertThat(j.move().newMult()).isEqualTo(0.95);
        assertThat(g.multiplier()).isEqualTo(0.95);
        assertThat(g.lastDirection).isEqualTo(-1);
        // window: the smallest half-width around 1.0 holding max(400, 0.3 x 2000) = 600 episodes: 15 bins each side
        assertThat(j.move().halfWidth()).isCloseTo(0.15, within(1e-9));
        assertThat(j.move().windowEpisodes()).isEqualTo(600);
        assertThat(j.move().held()).isEqualTo(2000);
        assertThat(j.move().blocks()).isEqualTo(10);
    }

    @Test
    void theCrossingFollowsThePayoff() {
        settings.payoffLoss = 3; // break-even 0.75: the gate moves up to where p(m) = 0.75
        CalibratedJudge payoffJudge = new CalibratedJudge(settings.parameters());
        GateCalibration g = payoffJudge.ready(null, TunedGate.TS);
        fill(g, 0.5, 1.5, 20, curve(1.0, 10));
        Judgment j = payoffJudge.judge(g, TunedGate.TS);
        assertThat(j.move().breakEven()).isEqualTo(0.75);
        assertThat(j.move().mStar()).isCloseTo(1.0 + Math.log(3) / 10, within(0.01));
        assertThat(j.move().newMult()).isEqualTo(1.05);
    }

    @Test
    void theStandardErrorIsTheDeltaMethodOnTheInverseHessian() {
        GateCalibration g = ts();
        fill(g, 0.5, 1.5, 20, curve(0.9, 6));
        Judgment j = judge.judge(g, TunedGate.TS);
        double a = j.move().a();
        double b = j.move().b();
        // the fit the judge used: window of its half-width around 1.0; recompute its Hessian by hand
        int from = g.binOf(1.0 - j.move().halfWidth() + 1e-9);
        int to = g.binOf(1.0 + j.move().halfWidth() - 1e-9);
        double haa = 2 * settings.calibration.ridge, hab = 0, hbb = 2 * settings.calibration.ridge;
        for (int i = from; i <= to; i++) {
            int n = g.totalSuccesses[i] + g.totalFailures[i];
            double x = g.centre(i) - 1;
            double p = LogisticFit.sigmoid(a + b * x);
            haa += n * p * (1 - p);
            hab += n * p * (1 - p) * x;
            hbb += n * p * (1 - p) * x * x;
        }
        double det = haa * hbb - hab * hab;
        double da = -1 / b;
        double db = a / (b * b); // logit(0.5) = 0
        double se = Math.sqrt(da * da * hbb / det - 2 * da * db * hab / det + db * db * haa / det);
        assertThat(j.move().se()).isCloseTo(se, within(1e-9));
        assertThat(j.move().mStar()).isCloseTo(1 - a / b, within(1e-12));
    }

    @Test
    void holdsInsideTheDeadband() {
        GateCalibration g = ts();
        fill(g, 0.5, 1.5, 20, curve(1.01, 10)); // one bin away: fewer than two
        assertThat(judge.judge(g, TunedGate.TS).hold()).isEqualTo(Hold.deadband);
        assertThat(g.multiplier()).isEqualTo(1.0);

        GateCalibration noisy = ts();
        fill(noisy, 0.5, 1.5, 3, curve(1.06, 3)); // a flat curve on few episodes: the crossing is within one standard error
        Judgment j = judge.judge(noisy, TunedGate.TS);
        assertThat(j.hold()).isEqualTo(Hold.deadband);
    }

    @Test
    void aReversalNeedsTwoStandardErrors() {
        GateCalibration g = ts();
        fill(g, 0.5, 1.5, 4, curve(1.06, 3));
        Judgment forward = judge.judge(g, TunedGate.TS);
        assertThat(forward.move()).as("the same evidence moves a gate with no last move").isNotNull();
        double se = forward.move().se();
        double distance = forward.move().mStar() - 1.0;
        assertThat(distance).isBetween(se, 2 * se);

        GateCalibration reversing = ts();
        fill(reversing, 0.5, 1.5, 4, curve(1.06, 3));
        reversing.lastDirection = -1;
        assertThat(judge.judge(reversing, TunedGate.TS).hold()).isEqualTo(Hold.hysteresis);
        assertThat(reversing.multiplier()).isEqualTo(1.0);
    }

    @Test
    void aWrongSlopeHolds() {
        GateCalibration g = ts();
        fill(g, 0.5, 1.5, 20, curve(0.8, -10)); // success falling with the score: not a ts gate's shape
        assertThat(judge.judge(g, TunedGate.TS).hold()).isEqualTo(Hold.fit);
        assertThat(g.hasFit).isTrue();
    }

    @Test
    void tooFewBinsHold() {
        GateCalibration g = ts();
        for (int k = 0; k < 60; k++) g.add(g.binOf(k % 2 == 0 ? 0.95 : 1.05), k % 3 == 0, 200, 20);
        assertThat(judge.judge(g, TunedGate.TS).hold()).isEqualTo(Hold.fit);
    }

    @Test
    void theHaloGateIsMirrored() {
        GateCalibration g = judge.ready(null, TunedGate.HALO);
        fill(g, 0.5, 2.0, 20, curve(1.3, -8)); // success falls with the distance: crossing at 1.3
        Judgment j = judge.judge(g, TunedGate.HALO);
        assertThat(j.move().b()).isNegative();
        assertThat(j.move().mStar()).isCloseTo(1.3, within(0.01));
        assertThat(j.move().newMult()).isEqualTo(1.05);
        assertThat(j.move().gate().rule()).isEqualTo("calibrate_halo");

        GateCalibration wrong = judge.ready(null, TunedGate.HALO);
        fill(wrong, 0.5, 2.0, 20, curve(1.3, 8));
        assertThat(judge.judge(wrong, TunedGate.HALO).hold()).isEqualTo(Hold.fit);
    }

    @Test
    void movesStopAtTheClamp() {
        GateCalibration g = ts();
        g.position = 0; // 0.5, the lowest ts_min_mult
        fill(g, 0.5, 1.5, 20, curve(0.3, 10));
        assertThat(g.multiplier()).isEqualTo(0.5);
        assertThat(judge.judge(g, TunedGate.TS).hold()).isEqualTo(Hold.clamp);
        GateCalibration high = ts();
        high.position = 97; // 1.47: three bins below the top
        fill(high, 0.5, 1.5, 20, curve(1.55, 10));
        assertThat(judge.judge(high, TunedGate.TS).move().newMult()).isEqualTo(1.5);
    }

    @Test
    void theRingKeepsTwentyBlocksOfTwoHundred() {
        GateCalibration g = ts();
        for (int k = 0; k < 10_000; k++) g.add(g.binOf(0.5 + (k % 100) * 0.01), k % 2 == 0, 200, 20);
        assertThat(g.blocks).hasSize(20);
        assertThat(g.held).isEqualTo(4000);
        int total = 0;
        for (int i = 0; i < g.totalSuccesses.length; i++) total += g.totalSuccesses[i] + g.totalFailures[i];
        assertThat(total).isEqualTo(4000);
    }

    @Test
    void aRegimeChangeDropsTheOlderBlocksAndTheWarmStart() {
        GateCalibration g = ts();
        fill(g, 0.5, 1.5, 16, curve(0.8, 10));  // 1600 episodes, 8 blocks, crossing at 0.8
        judge.judge(g, TunedGate.TS);
        assertThat(g.hasFit).isTrue();
        g.position = 50;
        g.lastDirection = 0;
        fill(g, 0.5, 1.5, 4, curve(1.2, 10));   // 400 more, 2 blocks: the curve moved to 1.2
        assertThat(g.blocks).hasSize(10);
        Judgment j = judge.judge(g, TunedGate.TS);
        assertThat(j.regimeChange()).isTrue();
        assertThat(g.blocks).hasSize(2);
        assertThat(g.held).isEqualTo(400);
        // the move that follows rests on the new blocks only and says so
        assertThat(j.move()).isNotNull();
        assertThat(j.move().regimeDropped()).isEqualTo(8);
        assertThat(j.move().regimeR()).isEqualTo(2);
        assertThat(j.move().regimeZ()).isGreaterThan(4);
        assertThat(j.move().mStar()).isCloseTo(1.2, within(0.03));
        assertThat(j.move().newMult()).isEqualTo(1.05);
    }

    @Test
    void whatARegimeChangeLeavesIsJudgedEvenUnderFiftyEpisodes() {
        GateCalibration g = ts();
        fill(g, 0.5, 1.5, 16, curve(0.8, 10));  // 8 full blocks, crossing at 0.8
        fill(g, 1.0, 1.4, 1, curve(1.2, 10));   // 40 in the filling block: the curve moved to 1.2
        Judgment j = judge.judge(g, TunedGate.TS);
        assertThat(j.regimeChange()).isTrue();
        assertThat(g.held).isEqualTo(40);
        // step 1 came before the drop: the 40 are fitted, and they say 1.2
        assertThat(j.move()).isNotNull();
        assertThat(j.move().held()).isEqualTo(40);
        assertThat(j.move().mStar()).isCloseTo(1.2, within(0.01));
        assertThat(j.move().newMult()).isEqualTo(1.05);
    }

    @Test
    void noRegimeChangeOnOneCurve() {
        GateCalibration g = ts();
        fill(g, 0.5, 1.5, 20, curve(0.8, 10));
        Judgment j = judge.judge(g, TunedGate.TS);
        assertThat(j.regimeChange()).isFalse();
        assertThat(g.blocks).hasSize(10);
    }

    @Test
    void aChangedClampStartsTheGateAfresh() {
        GateCalibration g = ts();
        fill(g, 0.5, 1.5, 2, curve(0.8, 10));
        assertThat(judge.ready(g, TunedGate.TS)).isSameAs(g);
        settings.tsMinMultMax = 2.0;
        GateCalibration again = new CalibratedJudge(settings.parameters()).ready(g, TunedGate.TS);
        assertThat(again).isNotSameAs(g);
        assertThat(again.held).isZero();
        assertThat(again.bins).isEqualTo(150);
    }
}

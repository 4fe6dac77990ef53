package io.pmtuner.core.tuning.calibrated;

import io.pmtuner.model.TunedGate;
import io.pmtuner.core.tuning.JudgeParameters;

import java.io.Serializable;

/**
 * The calibrated judge for one gate, as a pure function of its {@link GateCalibration}:
 * {@link #observe} adds an evidence episode and, every {@code judge-every} episodes, judges: regime
 * check, window, logistic fit of success against the implied multiplier, the crossing of the
 * break-even rate with its standard error, and a move on the grid or a hold with its reason. Used
 * unchanged by the Flink operator and by the in-process evaluation.
 */
public final class CalibratedJudge implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The gates it tunes: their name, the sign of the slope that makes sense, their clamp. */
    /** Why a judgment did not move the gate (counted in metrics). */
    public enum Hold { evidence, fit, deadband, hysteresis, clamp, budget }

    /**
     * What the key's change budget lets a judgment do now: move at all (the day's changes), and by at most
     * {@code maxStepBins} bins (0: no limit beyond the judge's own).
     */
    public record Permit(boolean allowed, int maxStepBins) {
        public static final Permit ANY = new Permit(true, 0);
    }

    /**
     * A move, with what the calibrated judge asks the evidence to show, and the lattice judge's selection correction: theta, f
     * and pt (NaN when it did not apply; m* and se are then the fit's).
     */
    public record Move(TunedGate gate, double oldMult, double newMult, int held, int blocks, double halfWidth, int windowEpisodes,
                       double a, double b, double mStar, double se, double breakEven,
                       int regimeDropped, double regimeZ, int regimeR, boolean shortened, Selection selection) {
        public boolean regimeChange() {
            return regimeDropped > 0;
        }
    }

    /** The correction of the crossing for the PM's selection: the odds ratio, its shrinkage, the target rate. */
    public record Selection(double theta, double f, double pt) {
        static final Selection NONE = new Selection(Double.NaN, Double.NaN, Double.NaN);

        public boolean applied() {
            return !Double.isNaN(theta);
        }
    }

    /**
     * The result of one judgment: a move, or the reason it held; whether a regime change dropped blocks;
     * and, when the budget held it, the move it would have made.
     */
    public record Judgment(Move move, Hold hold, boolean regimeChange, Move withheld) {
        Judgment(Move move, Hold hold, boolean regimeChange) {
            this(move, hold, regimeChange, null);
        }
    }

    private final CalibrationParameters p;
    private final double breakEven;
    private final double logitBreakEven;
    private final double tsLo;
    private final double tsHi;
    private final double haloLo;
    private final double haloHi;

    public CalibratedJudge(JudgeParameters s) {
        this.p = s.calibration();
        this.breakEven = s.payoffLoss() / (s.payoffWin() + s.payoffLoss());
        this.logitBreakEven = LogisticFit.logit(breakEven);
        this.tsLo = s.tsMinMultMin();
        this.tsHi = s.tsMinMultMax();
        this.haloLo = s.haloMultMin();
        this.haloHi = s.haloMultMax();
    }

    public double breakEven() {
        return breakEven;
    }

    /** A gate's state as it must be now: new, or anew when the clamps or the bin width changed since it was built. */
    public GateCalibration ready(GateCalibration g, TunedGate kind) {
        double lo = kind == TunedGate.TS ? tsLo : haloLo;
        double hi = kind == TunedGate.TS ? tsHi : haloHi;
        if (g != null && g.builtFor(lo, hi, p.binWidth())) return g;
        return new GateCalibration(lo, hi, p.binWidth(), 1.0);
    }

    /**
     * Adds one evidence episode with implied multiplier {@code m}; returns the judgment when one is due
     * (every {@code judge-every} episodes of this gate), else null. Moves change {@code g}'s position.
     */
    public Judgment observe(GateCalibration g, TunedGate kind, double m, boolean success, Permit permit) {
        return observe(g, kind, m, success, GateCalibration.Selection.BLOCKED, permit);
    }

    /** As {@link #observe(GateCalibration, TunedGate, double, boolean, Permit)}, with what the PM did (for the lattice judge's correction). */
    public Judgment observe(GateCalibration g, TunedGate kind, double m, boolean success, GateCalibration.Selection selection, Permit permit) {
        g.add(g.binOf(m), success, selection, p.blockSize(), p.maxBlocks());
        if (++g.sinceJudgment < p.judgeEvery()) return null;
        g.sinceJudgment = 0;
        return judge(g, kind, permit);
    }

    /** The budget's largest step in bins of this judge's grid: at least one (the gate moves on its grid), 0 for no limit. */
    public int stepBins(double maxStep) {
        return maxStep <= 0 ? 0 : Math.max(1, (int) Math.floor(maxStep / p.binWidth() + 1e-9));
    }

    Judgment judge(GateCalibration g, TunedGate kind) {
        return judge(g, kind, Permit.ANY);
    }

    Judgment judge(GateCalibration g, TunedGate kind, Permit permit) {
        if (g.held < p.minHeld()) return new Judgment(null, Hold.evidence, false);
        // the rule holds for evidence before the regime check only: what a drop leaves is judged as it is
        boolean regime = regimeCheck(g);

        int widest = halfWidthBins(p.windowMaxHalfWidth());
        int need = (int) Math.max(p.windowMinEpisodes(), Math.ceil(p.windowShare() * g.held));
        int j = widest;
        for (int candidate = halfWidthBins(p.windowMinHalfWidth()); candidate <= widest; candidate++) {
            if (windowEpisodes(g, candidate) >= need) {
                j = candidate;
                break;
            }
        }
        Window w = window(g, j, g.totalSuccesses, g.totalFailures);
        if (w.count < p.minBins()) return new Judgment(null, Hold.fit, regime);
        LogisticFit.Result fit = LogisticFit.fit(w.x, w.n, w.s, w.count, g.hasFit ? g.fitA : 0, g.hasFit ? g.fitB : 0,
                p.ridge(), p.maxIterations());
        if (fit == null) return new Judgment(null, Hold.fit, regime);
        g.hasFit = true;
        g.fitA = fit.a();
        g.fitB = fit.b();
        if (Math.signum(fit.b()) != kind.slopeSign()) return new Judgment(null, Hold.fit, regime);

        double mStar = 1 + (logitBreakEven - fit.a()) / fit.b();
        double da = -1 / fit.b();
        double db = -(logitBreakEven - fit.a()) / (fit.b() * fit.b());
        double se = Math.sqrt(Math.max(0, da * da * fit.varA() + 2 * da * db * fit.covAB() + db * db * fit.varB()));
        Selection selection = p.pmSelection() ? selection(g) : Selection.NONE;
        if (selection.applied()) {
            // the crossing at which the acted setups, not all of them, break even
            double pt = selection.pt();
            double v = selectionVariance(g);
            double pi = actedShare(g);
            double pS = LogisticFit.sigmoid(logitBreakEven - selection.f() * selection.theta());
            double gd = (1 - pi) * pS * (1 - pS) / (pt * (1 - pt) * fit.b());
            mStar = 1 + (LogisticFit.logit(pt) - fit.a()) / fit.b();
            se = Math.sqrt(se * se + selection.f() * selection.f() * gd * gd * v);
        }

        double current = g.multiplier();
        double distance = mStar - current;
        long bins = Math.round(distance / g.binWidth);
        if (Math.abs(distance) < p.deadbandSe() * se || Math.abs(bins) < p.minMoveBins()) return new Judgment(null, Hold.deadband, regime);
        int direction = distance > 0 ? 1 : -1;
        if (g.lastDirection == -direction && Math.abs(distance) < p.reversalSe() * se) return new Judgment(null, Hold.hysteresis, regime);
        int maxStep = p.maxStepBins();
        if (p.stepBySe()) {
            // a far crossing known well moves further, never past 2 se short of it
            int bySe = (int) Math.floor((Math.abs(distance) - 2 * se) / g.binWidth + 1e-9);
            maxStep = Math.max(p.maxStepBins(), Math.min(p.maxStepBinsBySe(), bySe));
        }
        int step = (int) Math.min(Math.abs(bins), maxStep);
        boolean shortened = permit.maxStepBins() > 0 && permit.maxStepBins() < step;
        if (shortened) step = permit.maxStepBins();
        int target = (int) Math.max(0, Math.min(g.bins, g.position + direction * step));
        if (target == g.position) return new Judgment(null, Hold.clamp, regime);

        Move move = new Move(kind, current, g.multiplierAt(target), g.held, g.blocks.size(), j * g.binWidth, w.episodes,
                fit.a(), fit.b(), mStar, se, breakEven, g.regimeDropped, g.regimeZ, g.regimeR, shortened, selection);
        if (!permit.allowed()) return new Judgment(null, Hold.budget, regime, move);
        g.position = target;
        g.lastDirection = direction;
        g.own = true;
        g.regimeDropped = 0;
        g.regimeZ = 0;
        g.regimeR = 0;
        return new Judgment(move, null, regime);
    }

    /**
     * Step 2 of docs/judges.md: a fit over everything held in the widest window; when the newest r blocks depart
     * from it by more than {@code regime-z} standard deviations (largest over r), the blocks older than
     * that r are dropped and the warm start forgotten. Returns whether it dropped anything.
     */
    boolean regimeCheck(GateCalibration g) {
        int widest = halfWidthBins(p.windowMaxHalfWidth());
        Window all = window(g, widest, g.totalSuccesses, g.totalFailures);
        if (all.count < p.minBins()) return false;
        LogisticFit.Result fit = LogisticFit.fit(all.x, all.n, all.s, all.count, g.hasFit ? g.fitA : 0, g.hasFit ? g.fitB : 0,
                p.ridge(), p.maxIterations());
        if (fit == null) return false;
        int from = Math.max(1, g.position - widest + 1);
        int to = Math.min(g.bins, g.position + widest);
        double observed = 0;
        double expected = 0;
        double variance = 0;
        double maxZ = -1;
        int bestR = 0;
        for (int r = 1; r <= g.blocks.size(); r++) {
            Block b = g.blocks.get(g.blocks.size() - r);
            for (int i = from; i <= to; i++) {
                int n = b.successes[i] + b.failures[i];
                if (n == 0) continue;
                double prob = fit.p(g.centre(i) - 1);
                observed += b.successes[i];
                expected += n * prob;
                variance += n * prob * (1 - prob);
            }
            if (variance > 0) {
                double z = Math.abs(observed - expected) / Math.sqrt(variance);
                if (z > maxZ) {
                    maxZ = z;
                    bestR = r;
                }
            }
        }
        if (maxZ <= p.regimeZ() || bestR >= g.blocks.size()) return false;
        int dropped = g.blocks.size() - bestR;
        for (int i = 0; i < dropped; i++) g.dropOldest();
        g.hasFit = false;
        g.regimeDropped += dropped;
        g.regimeZ = maxZ;
        g.regimeR = bestR;
        return true;
    }

    /**
     * The Mantel-Haenszel log odds ratio theta of acted against open-but-skipped episodes at equal
     * implied multiplier, over the held regular bins, shrunk by f = max(0, 1 - v / theta^2), and the rate
     * pt of all setups at which the acted ones break even; NONE below {@code selection-min-cell} episodes in
     * any of the four totals or when either sum is empty.
     */
    Selection selection(GateCalibration g) {
        if (g.totalActedSuccesses == null) return Selection.NONE;
        double num = 0;
        double den = 0;
        long tas = 0, taf = 0, tos = 0, tof = 0;
        for (int i = 1; i <= g.bins; i++) {
            int as = g.totalActedSuccesses[i], af = g.totalActedFailures[i], os = g.totalSkippedSuccesses[i], of = g.totalSkippedFailures[i];
            tas += as;
            taf += af;
            tos += os;
            tof += of;
            if (as + af == 0 || os + of == 0) continue;
            double n = as + af + os + of;
            num += as * (double) of / n;
            den += af * (double) os / n;
        }
        if (!(num > 0) || !(den > 0) || Math.min(Math.min(tas, taf), Math.min(tos, tof)) < p.selectionMinCell()) return Selection.NONE;
        double theta = Math.log(num / den);
        double v = 1.0 / tas + 1.0 / taf + 1.0 / tos + 1.0 / tof;
        double f = Math.max(0, 1 - v / (theta * theta));
        double pi = (tas + taf) / (double) (tas + taf + tos + tof);
        double pS = LogisticFit.sigmoid(logitBreakEven - f * theta);
        double pt = pi * breakEven + (1 - pi) * pS;
        return new Selection(theta, f, pt);
    }

    private static double selectionVariance(GateCalibration g) {
        long tas = 0, taf = 0, tos = 0, tof = 0;
        for (int i = 1; i <= g.bins; i++) {
            tas += g.totalActedSuccesses[i];
            taf += g.totalActedFailures[i];
            tos += g.totalSkippedSuccesses[i];
            tof += g.totalSkippedFailures[i];
        }
        return 1.0 / tas + 1.0 / taf + 1.0 / tos + 1.0 / tof;
    }

    private static double actedShare(GateCalibration g) {
        long acted = 0, all = 0;
        for (int i = 1; i <= g.bins; i++) {
            acted += g.totalActedSuccesses[i] + g.totalActedFailures[i];
            all += g.totalActedSuccesses[i] + g.totalActedFailures[i] + g.totalSkippedSuccesses[i] + g.totalSkippedFailures[i];
        }
        return acted / (double) all;
    }

    /**
     * The acted success rate among the held episodes this gate lets through at its current multiplier
     * (ts: implied multiplier at or above it; halo: at or below), and how many acted episodes it rests on.
     */
    public double[] actedRateThrough(GateCalibration g, TunedGate kind) {
        if (g.totalActedSuccesses == null) return new double[] {Double.NaN, 0};
        long s = 0, n = 0;
        for (int i = 0; i < g.bins + 2; i++) {
            // bin i holds m in [lo + (i-1) w, lo + i w): it passes ts when its lower edge is at or above the multiplier
            boolean through = kind == TunedGate.TS ? i - 1 >= g.position : i <= g.position;
            if (!through) continue;
            s += g.totalActedSuccesses[i];
            n += g.totalActedSuccesses[i] + g.totalActedFailures[i];
        }
        return new double[] {n == 0 ? Double.NaN : s / (double) n, n};
    }

    int halfWidthBins(double halfWidth) {
        return (int) Math.round(halfWidth / p.binWidth());
    }

    private static int windowEpisodes(GateCalibration g, int j) {
        int from = Math.max(1, g.position - j + 1);
        int to = Math.min(g.bins, g.position + j);
        int sum = 0;
        for (int i = from; i <= to; i++) sum += g.totalSuccesses[i] + g.totalFailures[i];
        return sum;
    }

    /** The non-empty regular bins within half-width {@code j} bins of the current position, as fit input. */
    private static Window window(GateCalibration g, int j, int[] successes, int[] failures) {
        int from = Math.max(1, g.position - j + 1);
        int to = Math.min(g.bins, g.position + j);
        Window w = new Window(to - from + 1);
        for (int i = from; i <= to; i++) {
            int n = successes[i] + failures[i];
            if (n == 0) continue;
            w.x[w.count] = g.centre(i) - 1;
            w.n[w.count] = n;
            w.s[w.count] = successes[i];
            w.count++;
            w.episodes += n;
        }
        return w;
    }

    private static final class Window {
        final double[] x;
        final int[] n;
        final int[] s;
        int count;
        int episodes;

        Window(int size) {
            x = new double[Math.max(0, size)];
            n = new int[Math.max(0, size)];
            s = new int[Math.max(0, size)];
        }
    }
}

package io.pmtuner.cli.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation's figures of one closed-loop run, gathered setup by setup: regret per setup, final error,
 * reversals and settle. Over several scopes, final error and reversals are share-weighted means, and a
 * run settles when every scope has.
 */
public final class RunFigures {
    static final double SETTLE_BAND = 0.03;

    private final World world;
    private final Map<Long, Double> payoffCache = new HashMap<>();
    private final int[] lastOutside;
    private final double[] lastThreshold;
    private double regretSum;
    private int setups;
    /** Wealth worlds: the expected log growth regret, and the realized log growth, summed over setups. */
    private double growthRegretSum;
    private double growthSum;
    private final Map<Long, Double> growthCache = new HashMap<>();
    private final double[][] bestGrowth;

    /**
     * The figures of a finished run. {@code settle} is null when the run never settled. Wealth worlds:
     * the log growth per setup and its regret against the best fixed size at the best gate (NaN otherwise).
     */
    public record Figures(double regretPerSetup, double finalError, double reversals, Integer settle, double logGrowth, double logGrowthRegret) {
        public Figures(double regretPerSetup, double finalError, double reversals, Integer settle) {
            this(regretPerSetup, finalError, reversals, settle, Double.NaN, Double.NaN);
        }
    }

    public RunFigures(World world) {
        this.world = world;
        this.lastOutside = new int[world.scopes.size()];
        this.lastThreshold = new double[world.scopes.size()];
        // after a shift only the new phase counts for settling
        java.util.Arrays.fill(lastOutside, world.shiftAt > 0 ? world.shiftAt - 1 : 0);
        bestGrowth = new double[world.phases()][world.scopes.size()];
        if (world.wealthFraction > 0) {
            for (int ph = 0; ph < world.phases(); ph++) {
                for (int sc = 0; sc < world.scopes.size(); sc++) {
                    bestGrowth[ph][sc] = world.logGrowth(world.bestThreshold(sc, ph), world.bestSize(sc, ph), sc, ph);
                }
            }
        }
    }

    /** Records setup {@code s}, drawn when the thresholds in force per scope were {@code thresholds} (sizes: 1.0). */
    public void observe(Setup s, double[] thresholds) {
        observe(s, thresholds, 1.0);
    }

    /** As {@link #observe(Setup, double[])}, the size multiplier in force for the setup's scope being {@code size}. */
    public void observe(Setup s, double[] thresholds, double size) {
        if (world.wealthFraction > 0) {
            int ph = s.phase();
            long key = ((Math.round(s.threshold() * 1e6) * 2000 + Math.round(size * 1000)) * 64 + s.scope()) * 4 + ph;
            double expected = growthCache.computeIfAbsent(key, k -> world.logGrowth(s.threshold(), size, s.scope(), ph));
            growthRegretSum += bestGrowth[ph][s.scope()] - expected;
            if (s.acted()) {
                double stake = world.wealthFraction * size;
                growthSum += s.success() ? Math.log1p(world.r * stake) : Math.log(Math.max(1e-9, 1 - world.loss(s.scope(), ph) * stake));
            }
        }
        setups++;
        int phase = s.phase();
        double best = world.bestThreshold(s.scope(), phase);
        regretSum += payoff(best, s.scope(), phase) - payoff(s.threshold(), s.scope(), phase);
        for (int sc = 0; sc < thresholds.length; sc++) {
            if ((world.shiftAt == 0 || s.t() >= world.shiftAt)
                    && Math.abs(thresholds[sc] - world.bestThreshold(sc, phase)) > SETTLE_BAND + 1e-12) {
                lastOutside[sc] = s.t();
            }
            lastThreshold[sc] = thresholds[sc];
        }
    }

    private double payoff(double x, int scope, int phase) {
        long key = (Math.round(x * 1e9) * 64 + scope) * 4 + phase;
        return payoffCache.computeIfAbsent(key, k -> world.payoff(x, scope, phase));
    }

    /**
     * The figures, given for each scope the ts multipliers its own override key wrote, in order
     * (reversals are counted on them).
     */
    public Figures finish(List<List<Double>> writtenPerScope) {
        int lastPhase = world.phaseOf(world.setups);
        double finalError = 0;
        double reversals = 0;
        Integer settle = 0;
        for (int sc = 0; sc < world.scopes.size(); sc++) {
            double share = world.scopes.get(sc).share();
            finalError += share * Math.abs(lastThreshold[sc] - world.bestThreshold(sc, lastPhase));
            reversals += share * reversals(sc < writtenPerScope.size() ? writtenPerScope.get(sc) : List.of());
            if (settle != null) settle = lastOutside[sc] >= setups ? null : Math.max(settle, lastOutside[sc] + 1);
        }
        return world.wealthFraction > 0
                ? new Figures(regretSum / setups, finalError, reversals, settle, growthSum / setups, growthRegretSum / setups)
                : new Figures(regretSum / setups, finalError, reversals, settle);
    }

    /** Changes of direction in a sequence of multipliers, starting from 1.0. */
    static int reversals(List<Double> written) {
        List<Double> seq = new ArrayList<>();
        seq.add(1.0);
        seq.addAll(written);
        int count = 0;
        int direction = 0;
        for (int i = 1; i < seq.size(); i++) {
            int d = Double.compare(seq.get(i), seq.get(i - 1));
            if (d == 0) continue;
            if (direction != 0 && d != direction) count++;
            direction = d;
        }
        return count;
    }
}

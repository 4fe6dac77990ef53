package io.pmtuner.cli.eval;

import java.util.ArrayList;
import java.util.List;

/** One judge's figures in one world over several seeds: means, the spread of regret and final error, the median settle. */
public record JudgeSummary(String judge, int seeds, double regretPerSetup, double regretSd, double finalError, double finalErrorSd,
                           double reversals, Integer settleMedian, Double removed, double logGrowth, double logGrowthRegret,
                           double logGrowthRegretSd) {

    /** The half-width of the 95 % interval of the mean regret over the seeds (normal approximation). */
    public double regretCi() {
        return seeds < 2 ? Double.NaN : 1.96 * regretSd / Math.sqrt(seeds);
    }

    /** As {@link #regretCi()}, for a wealth world's log growth regret. */
    public double logGrowthRegretCi() {
        return seeds < 2 ? Double.NaN : 1.96 * logGrowthRegretSd / Math.sqrt(seeds);
    }


    /** {@code untunedRegret}: the mean regret of {@code none} in the same runs, for {@code removed} (null without it). */
    public static JudgeSummary of(String judge, List<RunFigures.Figures> runs, Double untunedRegret) {
        double regret = mean(runs.stream().mapToDouble(RunFigures.Figures::regretPerSetup).toArray());
        double error = mean(runs.stream().mapToDouble(RunFigures.Figures::finalError).toArray());
        double reversals = mean(runs.stream().mapToDouble(RunFigures.Figures::reversals).toArray());
        Double removed = untunedRegret == null || untunedRegret == 0 ? null : 1 - regret / untunedRegret;
        double[] growthRegrets = runs.stream().mapToDouble(RunFigures.Figures::logGrowthRegret).toArray();
        return new JudgeSummary(judge, runs.size(), regret, sd(runs.stream().mapToDouble(RunFigures.Figures::regretPerSetup).toArray()),
                error, sd(runs.stream().mapToDouble(RunFigures.Figures::finalError).toArray()), reversals, medianSettle(runs), removed,
                mean(runs.stream().mapToDouble(RunFigures.Figures::logGrowth).toArray()), mean(growthRegrets), sd(growthRegrets));
    }

    /** The median of the runs' settle, a run that never settled counting as later than any; null if that is the median. */
    static Integer medianSettle(List<RunFigures.Figures> runs) {
        List<Integer> s = new ArrayList<>();
        for (RunFigures.Figures f : runs) s.add(f.settle() == null ? Integer.MAX_VALUE : f.settle());
        s.sort(null);
        int n = s.size();
        long m = n % 2 == 1 ? s.get(n / 2) : ((long) s.get(n / 2 - 1) + s.get(n / 2)) / 2;
        return m >= Integer.MAX_VALUE / 2 ? null : (int) m;
    }

    static double mean(double[] v) {
        double sum = 0;
        for (double x : v) sum += x;
        return v.length == 0 ? Double.NaN : sum / v.length;
    }

    /** Sample standard deviation (0 for a single run). */
    static double sd(double[] v) {
        if (v.length < 2) return 0;
        double m = mean(v);
        double ss = 0;
        for (double x : v) ss += (x - m) * (x - m);
        return Math.sqrt(ss / (v.length - 1));
    }
}

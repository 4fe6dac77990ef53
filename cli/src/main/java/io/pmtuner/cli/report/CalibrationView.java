package io.pmtuner.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a gate's calibration looks like over the recorded episodes (the calibrated judge's evidence): the success rate
 * by implied multiplier {@code m = value / base}, in bins, with a 95 % Wilson interval. The report draws
 * it with the judge's last fit, the break-even rate and the gate in force.
 */
public final class CalibrationView {
    /** One bin: its centre, episodes, successes, rate and interval. */
    public record Bin(double centre, long episodes, long successes, double rate, double low, double high) {}

    private static final double Z = 1.96;

    private CalibrationView() {}

    /**
     * Bins of {@code width} of the implied multiplier over the gate's evidence: episodes of the pattern in
     * the subset, resolved success or failure outside data gaps, whose decision point has the gate with a
     * base and on which every other gate passed (acted or skipped alike).
     */
    public static List<Bin> bins(List<RecordedEpisode> episodes, String patternKey, Map<String, String> subset, String gate, double width) {
        TreeMap<Long, long[]> byBin = new TreeMap<>();
        for (RecordedEpisode e : episodes) {
            if (!e.patternKey().equals(patternKey) || !e.countsInRates() || !e.inSubset(subset)) continue;
            RecordedEpisode.GateReading g = e.gates().get(gate);
            if (g == null || g.base() == null || g.base() == 0 || !e.othersPassed(gate)) continue;
            long bin = (long) Math.floor(g.value() / g.base() / width);
            long[] c = byBin.computeIfAbsent(bin, k -> new long[2]);
            c[0]++;
            if (e.success()) c[1]++;
        }
        List<Bin> out = new ArrayList<>();
        byBin.forEach((bin, c) -> {
            double p = (double) c[1] / c[0];
            double[] ci = wilson(c[1], c[0]);
            out.add(new Bin((bin + 0.5) * width, c[0], c[1], p, ci[0], ci[1]));
        });
        return out;
    }

    /** The Wilson score interval of {@code k} successes in {@code n}. */
    static double[] wilson(long k, long n) {
        double p = (double) k / n;
        double z2 = Z * Z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    /** The calibrated judge's fitted curve: p(success | m) = sigmoid(a + b (m - 1)). */
    public static double fitted(double a, double b, double m) {
        return 1 / (1 + Math.exp(-(a + b * (m - 1))));
    }
}

package io.pmtuner.cli.report;

import io.pmtuner.model.TunedGate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The counterfactual of other multipliers for one gate over recorded episodes (issue "see it"): for
 * each multiplier m, which of the episodes on which every other gate passed the gate would have let
 * through at threshold {@code base x m}, how many of those succeeded, and the payoff the PM would have
 * made acting on them at its observed act rate. The engine's other reactions (a later tick, another
 * state path) are not simulated: only the gate's own verdict on what was recorded changes.
 */
public final class WhatIf {
    /** What the counterfactual runs over. */
    public record Question(String patternKey, Map<String, String> subset, String gate, List<Double> multipliers,
                           double payoffWin, double payoffLoss) {}

    /** One multiplier's answer; {@code inForce} marks the multiplier the override table holds now. */
    public record Row(double multiplier, boolean inForce, long through, long blocked, long successes, long failures, Double payoff) {
        public Double successRate() {
            return through == 0 ? null : (double) successes / through;
        }
    }

    /**
     * The answer: the rows, the episodes it rests on, how many passed as recorded (and of those, how many
     * succeeded), and the PM's act rate on what the gate let through as recorded.
     */
    public record Answer(Question question, double inForce, long evidence, long withoutBase, long recordedThrough,
                         long recordedSuccesses, Double actRate, List<Row> rows) {}

    private WhatIf() {}

    /** The multipliers from {@code from} to {@code to} in steps of {@code step}, rounded to the hundredth. */
    public static List<Double> grid(double from, double to, double step) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; from + i * step <= to + 1e-9; i++) out.add(round2(from + i * step));
        return out;
    }

    /**
     * Answers {@code q} over {@code episodes}. The evidence: episodes of the pattern in the subset, resolved
     * success or failure outside data gaps, that show the gate with a value and on which every other gate
     * passed. The threshold is rebuilt from the gate's {@code base} (the one before overrides); a tick
     * without base counts its recorded threshold as base (multiplier 1.0 then), counted in {@code withoutBase}.
     */
    public static Answer answer(Question q, List<RecordedEpisode> episodes, double inForce) {
        List<RecordedEpisode> evidence = new ArrayList<>();
        long withoutBase = 0, recordedThrough = 0, recordedSuccesses = 0, actedOnThrough = 0;
        for (RecordedEpisode e : episodes) {
            if (!e.patternKey().equals(q.patternKey()) || !e.countsInRates() || !e.inSubset(q.subset())) continue;
            RecordedEpisode.GateReading g = e.gates().get(q.gate());
            if (g == null || !e.othersPassed(q.gate())) continue;
            evidence.add(e);
            if (g.base() == null) withoutBase++;
            if (g.pass()) {
                recordedThrough++;
                if (e.success()) recordedSuccesses++;
                if (e.acted()) actedOnThrough++;
            }
        }
        Double actRate = recordedThrough == 0 ? null : (double) actedOnThrough / recordedThrough;
        TreeSet<Double> ms = new TreeSet<>(q.multipliers());
        ms.add(round2(inForce));
        List<Row> rows = new ArrayList<>();
        for (double m : ms) {
            long through = 0, successes = 0;
            for (RecordedEpisode e : evidence) {
                RecordedEpisode.GateReading g = e.gates().get(q.gate());
                double base = g.base() != null ? g.base() : g.threshold();
                if (TunedGate.passes(q.gate(), g.value(), base * m)) {
                    through++;
                    if (e.success()) successes++;
                }
            }
            long failures = through - successes;
            Double payoff = actRate == null ? null : actRate * (q.payoffWin() * successes - q.payoffLoss() * failures);
            rows.add(new Row(m, m == round2(inForce), through, evidence.size() - through, successes, failures, payoff));
        }
        return new Answer(q, round2(inForce), evidence.size(), withoutBase, recordedThrough, recordedSuccesses, actRate, rows);
    }

    static double round2(double x) {
        return BigDecimal.valueOf(x).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
    }
}

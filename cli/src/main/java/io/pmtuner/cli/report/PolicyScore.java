package io.pmtuner.cli.report;

import io.pmtuner.model.TunedGate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Two judges scored on the same recorded episodes (the report's "champion against challenger"): for
 * each episode, the gates each judge had in force for its scope at its decision time (the most
 * specific override key whose latest change came before it, the engine's lookup) either let it through or
 * not; one let through pays the PM's observed act rate x (R on a success, -L on a failure), one
 * blocked pays 0. Payoff per setup is the mean over the episodes, with a 95 % interval, and the
 * difference is paired episode by episode. A counterfactual over what was recorded, as the what-if:
 * the engine's other reactions are not simulated.
 */
public final class PolicyScore {
    static final double Z = 1.96;

    /** A mean with its 95 % interval over {@code n} episodes. */
    public record Estimate(long n, double mean, double low, double high) {
        static Estimate of(double[] values) {
            int n = values.length;
            if (n == 0) return new Estimate(0, Double.NaN, Double.NaN, Double.NaN);
            double sum = 0;
            for (double v : values) sum += v;
            double mean = sum / n;
            double ss = 0;
            for (double v : values) ss += (v - mean) * (v - mean);
            double half = n < 2 ? Double.NaN : Z * Math.sqrt(ss / (n - 1) / n);
            return new Estimate(n, mean, mean - half, mean + half);
        }
    }

    /** Both judges' payoff per setup in one pattern and subset, and the champion's lead over the challenger. */
    public record Comparison(String pattern, Map<String, String> subset, Estimate champion, Estimate challenger, Estimate lead) {}

    /** One judge's changes as a path: per override key, its multipliers (ts, halo, a) from each change's decided_ts on, and its evidence. */
    static final class Path {
        private final Map<Map<String, String>, NavigableMap<Instant, double[]>> byKey = new HashMap<>();

        Path(List<RecordedTables.Change> changes, String tuningKey) {
            for (RecordedTables.Change c : changes) {
                if (!c.tuningKey().equals(tuningKey)) continue;
                double[] v = {c.newMults()[0], c.newMults()[1], c.newMults()[2], c.evidenceN()};
                byKey.computeIfAbsent(c.subset(), k -> new TreeMap<>()).put(c.decidedTs(), v);
            }
        }

        /** The multipliers in force for {@code scope} at {@code t}: the most specific key changed before t; ties: more evidence, then the later change. */
        double[] at(Map<String, String> scope, Instant t) {
            double[] best = null;
            int bestSize = -1;
            Instant bestTs = null;
            for (Map.Entry<Map<String, String>, NavigableMap<Instant, double[]>> k : byKey.entrySet()) {
                if (!contains(scope, k.getKey())) continue;
                Map.Entry<Instant, double[]> e = k.getValue().lowerEntry(t);
                if (e == null) continue;
                int size = k.getKey().size();
                boolean better = best == null || size > bestSize
                        || (size == bestSize && (e.getValue()[3] > best[3] || (e.getValue()[3] == best[3] && e.getKey().isAfter(bestTs))));
                if (better) {
                    best = e.getValue();
                    bestSize = size;
                    bestTs = e.getKey();
                }
            }
            return best == null ? new double[] {1, 1, 1, 0} : best;
        }
    }

    private PolicyScore() {}

    /**
     * The comparison over the episodes of {@code pattern} in {@code subset} decided at or after {@code since}
     * (null: all), resolved success or failure outside data gaps, that show at least one tuned gate.
     */
    public static Comparison compare(List<RecordedEpisode> episodes, String pattern, String tuningKey, Map<String, String> subset, Instant since,
                                     List<RecordedTables.Change> champion, List<RecordedTables.Change> challenger, double r, double l) {
        List<RecordedEpisode> evidence = new ArrayList<>();
        long recordedThrough = 0, actedThrough = 0;
        for (RecordedEpisode e : episodes) {
            if (!e.patternKey().equals(pattern) || !e.countsInRates() || !e.inSubset(subset)) continue;
            if (since != null && e.decisionTs().isBefore(since)) continue;
            if (java.util.Arrays.stream(TunedGate.values()).noneMatch(g -> e.gates().containsKey(g.gate))) continue;
            evidence.add(e);
            if (e.gates().values().stream().allMatch(RecordedEpisode.GateReading::pass)) {
                recordedThrough++;
                if (e.acted()) actedThrough++;
            }
        }
        evidence.sort(Comparator.comparing(RecordedEpisode::decisionTs));
        double act = recordedThrough == 0 ? 0 : (double) actedThrough / recordedThrough;
        Path a = new Path(champion, tuningKey);
        Path b = new Path(challenger, tuningKey);
        double[] pa = new double[evidence.size()];
        double[] pb = new double[evidence.size()];
        double[] lead = new double[evidence.size()];
        for (int i = 0; i < evidence.size(); i++) {
            RecordedEpisode e = evidence.get(i);
            pa[i] = payoff(e, a.at(e.scope(), e.decisionTs()), act, r, l);
            pb[i] = payoff(e, b.at(e.scope(), e.decisionTs()), act, r, l);
            lead[i] = pa[i] - pb[i];
        }
        return new Comparison(pattern, subset, Estimate.of(pa), Estimate.of(pb), Estimate.of(lead));
    }

    /** What the episode pays under multipliers {@code m} (ts, halo): act x (R or -L) when every gate lets it through, else 0. */
    static double payoff(RecordedEpisode e, double[] m, double act, double r, double l) {
        return through(e, m) ? act * e.payoff(r, l) : 0;
    }

    /** Whether every gate lets the episode through at multipliers {@code m} (ts, halo) of its base; untuned gates as recorded. */
    static boolean through(RecordedEpisode e, double[] m) {
        for (Map.Entry<String, RecordedEpisode.GateReading> g : e.gates().entrySet()) {
            RecordedEpisode.GateReading reading = g.getValue();
            TunedGate tuned = TunedGate.of(g.getKey());
            if (tuned == null) {
                if (!reading.pass()) return false;
                continue;
            }
            double base = reading.base() != null ? reading.base() : reading.threshold();
            if (!tuned.passes(reading.value(), base * m[tuned.ordinal()])) return false;
        }
        return true;
    }

    private static boolean contains(Map<String, String> scope, Map<String, String> subset) {
        for (Map.Entry<String, String> e : subset.entrySet()) {
            if (!e.getValue().equals(scope.get(e.getKey()))) return false;
        }
        return true;
    }
}

package io.pmtuner.cli.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The miner's rates of one pattern and scope subset as they stood over event time: after each resolved
 * episode, in the order of the outcomes' event times, WR, FPR, MR and DR of everything resolved so far
 * (the last point is the lesson row the miner wrote); and, what a reader of a long run wants, WR and MR
 * over a rolling window of the latest episodes with their Wilson intervals.
 */
public final class RateHistory {
    /** The rates after the episodes resolved up to {@code at}; a rate is null while its denominator is 0. */
    public record Point(Instant at, long acted, long skipped, Double wr, Double fpr, Double mr, Double dr) {}

    /**
     * WR over the latest {@code window} acted episodes and MR over the latest {@code window} skipped ones,
     * as they stood at {@code at}, each with how many episodes it rests on and its 95 % Wilson interval
     * (null while none).
     */
    public record Rolling(Instant at, long acted, Double wr, Double wrLow, Double wrHigh, long skipped, Double mr, Double mrLow, Double mrHigh) {}

    private RateHistory() {}

    /** The rolling rates after each instant at which an episode of the pattern and subset resolved. */
    public static List<Rolling> rolling(List<RecordedEpisode> episodes, String patternKey, Map<String, String> subset, int window) {
        List<RecordedEpisode> resolved = resolved(episodes, patternKey, subset);
        java.util.ArrayDeque<Boolean> acted = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<Boolean> skipped = new java.util.ArrayDeque<>();
        long actedWins = 0;
        long skippedWins = 0;
        List<Rolling> out = new ArrayList<>();
        for (int i = 0; i < resolved.size(); i++) {
            RecordedEpisode e = resolved.get(i);
            java.util.ArrayDeque<Boolean> side = e.acted() ? acted : skipped;
            side.addLast(e.success());
            if (e.acted()) actedWins += e.success() ? 1 : 0; else skippedWins += e.success() ? 1 : 0;
            if (side.size() > window) {
                boolean dropped = side.removeFirst();
                if (dropped) {
                    if (e.acted()) actedWins--; else skippedWins--;
                }
            }
            if (i + 1 < resolved.size() && resolved.get(i + 1).outcomeTs().equals(e.outcomeTs())) continue;
            double[] w = acted.isEmpty() ? null : CalibrationView.wilson(actedWins, acted.size());
            double[] m = skipped.isEmpty() ? null : CalibrationView.wilson(skippedWins, skipped.size());
            out.add(new Rolling(e.outcomeTs(), acted.size(), ratio(actedWins, acted.size()), w == null ? null : w[0], w == null ? null : w[1],
                    skipped.size(), ratio(skippedWins, skipped.size()), m == null ? null : m[0], m == null ? null : m[1]));
        }
        return out;
    }

    private static List<RecordedEpisode> resolved(List<RecordedEpisode> episodes, String patternKey, Map<String, String> subset) {
        List<RecordedEpisode> resolved = new ArrayList<>();
        for (RecordedEpisode e : episodes) {
            if (e.patternKey().equals(patternKey) && e.countsInRates() && e.outcomeTs() != null && e.inSubset(subset)) resolved.add(e);
        }
        resolved.sort(Comparator.comparing(RecordedEpisode::outcomeTs));
        return resolved;
    }

    public static List<Point> of(List<RecordedEpisode> episodes, String patternKey, Map<String, String> subset) {
        List<RecordedEpisode> resolved = resolved(episodes, patternKey, subset);
        List<Point> out = new ArrayList<>();
        long as = 0, af = 0, ss = 0, sf = 0;
        for (int i = 0; i < resolved.size(); i++) {
            RecordedEpisode e = resolved.get(i);
            if (e.acted()) {
                if (e.success()) as++; else af++;
            } else {
                if (e.success()) ss++; else sf++;
            }
            // one point per instant: episodes resolved at the same event time count together
            if (i + 1 < resolved.size() && resolved.get(i + 1).outcomeTs().equals(e.outcomeTs())) continue;
            long acted = as + af, skipped = ss + sf;
            out.add(new Point(e.outcomeTs(), acted, skipped, ratio(as, acted), ratio(af, acted), ratio(ss, skipped), ratio(sf, skipped)));
        }
        return out;
    }

    private static Double ratio(long n, long d) {
        return d == 0 ? null : (double) n / d;
    }
}

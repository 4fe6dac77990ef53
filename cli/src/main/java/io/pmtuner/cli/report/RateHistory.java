package io.pmtuner.cli.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The miner's rates (SPEC 5) of one pattern and scope subset as they stood over event time: after each
 * resolved episode, in the order of the outcomes' event times, WR, FPR, MR and DR of everything
 * resolved so far. The last point is the lesson row the miner wrote.
 */
public final class RateHistory {
    /** The rates after the episodes resolved up to {@code at}; a rate is null while its denominator is 0. */
    public record Point(Instant at, long acted, long skipped, Double wr, Double fpr, Double mr, Double dr) {}

    private RateHistory() {}

    public static List<Point> of(List<RecordedEpisode> episodes, String patternKey, Map<String, String> subset) {
        List<RecordedEpisode> resolved = new ArrayList<>();
        for (RecordedEpisode e : episodes) {
            if (e.patternKey().equals(patternKey) && e.countsInRates() && e.outcomeTs() != null && e.inSubset(subset)) resolved.add(e);
        }
        resolved.sort(Comparator.comparing(RecordedEpisode::outcomeTs));
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

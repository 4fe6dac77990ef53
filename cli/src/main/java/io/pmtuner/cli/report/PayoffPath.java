package io.pmtuner.cli.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What acting realised over event time: the cumulative payoff of a pattern's acted episodes (R for a
 * success, -L for a failure, counted when the outcome became known) and its drawdown from the best
 * level reached so far.
 */
public final class PayoffPath {
    /** At {@code t} (epoch ms, an outcome's time): the cumulative payoff, and how far it stands below its running maximum. */
    public record Point(long t, double cumulative, double drawdown) {}

    private PayoffPath() {}

    public static List<Point> of(List<RecordedEpisode> episodes, String pattern, double r, double l) {
        List<RecordedEpisode> acted = new ArrayList<>();
        for (RecordedEpisode e : episodes) if (e.patternKey().equals(pattern) && e.acted() && e.countsInRates() && e.outcomeTs() != null) acted.add(e);
        acted.sort(Comparator.comparing(RecordedEpisode::outcomeTs));
        List<Point> out = new ArrayList<>();
        double sum = 0;
        double peak = 0;
        for (RecordedEpisode e : acted) {
            sum += e.success() ? r : -l;
            peak = Math.max(peak, sum);
            out.add(new Point(e.outcomeTs().toEpochMilli(), sum, sum - peak));
        }
        return out;
    }
}

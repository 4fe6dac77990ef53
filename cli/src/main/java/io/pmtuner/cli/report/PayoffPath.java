package io.pmtuner.cli.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What acting realised over event time: the cumulative payoff of a pattern's acted episodes (R for a
 * success, -L for a failure, counted when the outcome became known) and its drawdown from the best
 * level reached so far; and the same for what the overrides in force would have let through.
 */
public final class PayoffPath {
    /** At {@code t} (epoch ms, an outcome's time): the cumulative payoff, and how far it stands below its running maximum. */
    public record Point(long t, double cumulative, double drawdown) {}

    private PayoffPath() {}

    /** The acted episodes' path: what acting realised. */
    public static List<Point> of(List<RecordedEpisode> episodes, String pattern, double r, double l) {
        List<RecordedEpisode> acted = new ArrayList<>();
        for (RecordedEpisode e : episodes) if (e.patternKey().equals(pattern) && e.acted() && e.countsInRates() && e.outcomeTs() != null) acted.add(e);
        return path(acted, e -> e.payoff(r, l));
    }

    /**
     * What the overrides in force would have let through: every resolved episode of the pattern whose gates, at the
     * multipliers the engine's lookup gave its scope at its decision time ({@code changes} of {@code tuningKey}),
     * let it through, paying R or -L as if acted on; blocked ones pay nothing.
     */
    public static List<Point> letThrough(List<RecordedEpisode> episodes, String pattern, String tuningKey, List<RecordedTables.Change> changes,
                                         double r, double l) {
        PolicyScore.Path inForce = new PolicyScore.Path(changes, tuningKey);
        List<RecordedEpisode> resolved = new ArrayList<>();
        for (RecordedEpisode e : episodes) if (e.patternKey().equals(pattern) && e.countsInRates() && e.outcomeTs() != null) resolved.add(e);
        return path(resolved, e -> PolicyScore.through(e, inForce.at(e.scope(), e.decisionTs())) ? e.payoff(r, l) : 0);
    }

    private static List<Point> path(List<RecordedEpisode> episodes, java.util.function.ToDoubleFunction<RecordedEpisode> pays) {
        List<RecordedEpisode> sorted = new ArrayList<>(episodes);
        sorted.sort(Comparator.comparing(RecordedEpisode::outcomeTs));
        List<Point> out = new ArrayList<>();
        double sum = 0;
        double peak = 0;
        for (RecordedEpisode e : sorted) {
            sum += pays.applyAsDouble(e);
            peak = Math.max(peak, sum);
            out.add(new Point(e.outcomeTs().toEpochMilli(), sum, sum - peak));
        }
        return out;
    }
}

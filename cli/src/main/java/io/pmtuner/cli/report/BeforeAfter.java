package io.pmtuner.cli.report;

import io.pmtuner.patterns.EpisodeKind;
import io.pmtuner.patterns.EpisodeKinds;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Did a change help: the episodes of its pattern in its scope subset in two equal spans of event time,
 * just before the change and just after it, with the payoff per setup they realised (R for an acted
 * success, -L for an acted failure, 0 for a skipped setup) and its 95 % interval. A span is as long as
 * the key kept the change (to its next change, or to the end of the data) and no longer than the data
 * before it.
 */
public final class BeforeAfter {
    /** One side of a change: its span and what its episodes realised. */
    public record Side(Instant from, Instant to, long acted, PolicyScore.Estimate payoff) {}

    /** A change and both sides of it. */
    public record Row(RecordedTables.Change change, String pattern, Side before, Side after) {}

    private BeforeAfter() {}

    /**
     * The rows of the {@code limit} changes resting on the most evidence (ties: the later first), in the
     * order they were decided; a change with no span on one side (at the data's first instant) has none.
     */
    public static List<Row> of(RecordedTables t, double r, double l, int limit) {
        if (t.episodes().isEmpty()) return List.of();
        Instant start = t.episodes().stream().map(RecordedEpisode::decisionTs).min(Comparator.naturalOrder()).orElseThrow();
        Instant end = t.episodes().stream().map(RecordedEpisode::decisionTs).max(Comparator.naturalOrder()).orElseThrow().plusMillis(1);
        List<RecordedTables.Change> ranked = new ArrayList<>(t.changes());
        ranked.sort(Comparator.comparingLong(RecordedTables.Change::evidenceN).reversed()
                .thenComparing(RecordedTables.Change::decidedTs, Comparator.reverseOrder()));
        List<Row> out = new ArrayList<>();
        for (RecordedTables.Change c : ranked) {
            if (out.size() >= limit) break;
            Instant next = t.changes().stream().filter(o -> o.tuningKey().equals(c.tuningKey()) && o.subset().equals(c.subset())
                    && o.decidedTs().isAfter(c.decidedTs())).map(RecordedTables.Change::decidedTs).min(Comparator.naturalOrder()).orElse(end);
            Duration span = Duration.between(c.decidedTs(), next.isBefore(end) ? next : end);
            Duration room = Duration.between(start, c.decidedTs());
            if (room.compareTo(span) < 0) span = room;
            if (span.isZero() || span.isNegative()) continue;
            String pattern = patternOf(c.tuningKey());
            out.add(new Row(c, pattern, side(t, pattern, c.subset(), c.decidedTs().minus(span), c.decidedTs(), r, l),
                    side(t, pattern, c.subset(), c.decidedTs(), c.decidedTs().plus(span), r, l)));
        }
        out.sort(Comparator.comparing((Row w) -> w.change().decidedTs()).thenComparing(w -> w.change().tuningKey())
                .thenComparing(w -> Report.subset(w.change().subset())));
        return out;
    }

    /** The episodes of {@code pattern} in {@code subset} decided in [from, to) that the rates count. */
    static Side side(RecordedTables t, String pattern, Map<String, String> subset, Instant from, Instant to, double r, double l) {
        List<Double> values = new ArrayList<>();
        long acted = 0;
        for (RecordedEpisode e : t.episodes()) {
            if (!e.patternKey().equals(pattern) || !e.countsInRates() || !e.inSubset(subset)) continue;
            if (e.decisionTs().isBefore(from) || !e.decisionTs().isBefore(to)) continue;
            if (e.acted()) acted++;
            values.add(e.acted() ? e.payoff(r, l) : 0.0);
        }
        return new Side(from, to, acted, PolicyScore.Estimate.of(values.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    private static String patternOf(String tuningKey) {
        for (EpisodeKind k : EpisodeKinds.BUILT_IN.all()) if (k.tuningKey.equals(tuningKey)) return k.key;
        throw new IllegalArgumentException("no pattern has the override key " + tuningKey);
    }
}

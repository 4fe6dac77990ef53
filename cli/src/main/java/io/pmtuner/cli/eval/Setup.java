package io.pmtuner.cli.eval;

import io.pmtuner.model.EpisodeDecision;
import io.pmtuner.patterns.EpisodeKind;
import io.pmtuner.model.Episode;
import io.pmtuner.model.Series;
import io.pmtuner.model.Gate;
import io.pmtuner.model.Outcome;
import io.pmtuner.patterns.EpisodeFactory;
import io.pmtuner.patterns.GateEvidence;

import java.util.List;
import java.util.Map;

/**
 * One setup of a world (docs/judges.md "Measuring judges"): its scope, quality and score, the gate in force, what the PM did and
 * how it turned out (drawn whether or not the PM acted).
 */
public record Setup(int t, int scope, int phase, double q, double ts, double base, double mult, boolean open, boolean acted,
                    boolean success) {
    /** The scope dimension under which a world's scope names reach the job and the judge. */
    public static final String SCOPE_DIM = "mcap_bucket";

    public double threshold() {
        return base * mult;
    }

    /** The ts gate as the engine reports it: the score, the effective threshold, the base, whether it passed. */
    public Gate gate() {
        return new Gate(ts, threshold(), open, base);
    }

    /** What a failing gate or an idle PM would put in {@code blocked_by}; null when acted. */
    public List<String> blockedBy() {
        if (acted) return null;
        return List.of(open ? EpisodeFactory.BLOCKED_BY_PM : "ts");
    }

    /**
     * The resolved episode the job would make of this setup, decided at {@code decisionTs} and resolved at
     * {@code outcomeTs}, on {@code series}: what the in-process evaluation feeds its judges.
     */
    public Episode episode(World w, Series series, long decisionTs, long outcomeTs) {
        Episode e = new Episode();
        e.patternKey = EpisodeKind.S1_ENTRY.key;
        e.series = series;
        e.seriesKey = series.key();
        e.startSeq = t;
        e.episodeId = Episode.id(e.patternKey, series, t);
        e.scope = w.scopeMap(scope);
        e.decide(acted ? EpisodeDecision.ACTED : EpisodeDecision.SKIPPED);
        e.blockedBy = blockedBy();
        e.decisionTs = decisionTs;
        e.windowStartTs = decisionTs;
        e.closeTs = decisionTs + 1;
        GateEvidence.capture(e, Map.of(GateEvidence.TS, gate()));
        e.resolve(success ? Outcome.SUCCESS : Outcome.FAILURE, success ? "reached_s3" : "returned_s0", outcomeTs);
        return e;
    }
}

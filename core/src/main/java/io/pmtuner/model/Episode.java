package io.pmtuner.model;

import java.util.List;
import java.util.Map;

/** One setup and what came of it: a row of {@code pattern_episode_events} (README "Our readings: episodes"; docs/design.md "Tables"). */
public class Episode {
    public String episodeId;
    public String patternKey;
    public String seriesKey;
    public Series series;
    /** Scope at the decision point, frozen. */
    public Map<String, String> scope;
    /**
     * The {@link EpisodeDecision}'s wire form; a string, as are {@link #outcome}'s, so that savepoints of every
     * build restore (this class is keyed state of the outcome function). Set and read through {@link
     * #decide} and {@link #decision()}.
     */
    public String decision;
    /** Gates that failed at the decision point of a skipped episode, or ["pm"]; null when acted. */
    public List<String> blockedBy;
    public String tradeId;
    /** Factors at the decision point, as the JSON document stored in {@code factors}. */
    public String factorsJson;

    public long startSeq;
    /** seq of the first tick after the window (the one that closed it). */
    public long closeSeq;
    /** bar time of that closing tick. */
    public long closeTs;
    public long windowStartTs;
    public long windowEndTs;
    public long decisionTs;
    public long decisionSeq;
    public double decisionPrice;
    public int retestIndex;
    public boolean dataGap;
    /**
     * The calibrated judge's evidence (docs/judges.md): the implied multiplier value / base of the ts and halo
     * gates at the decision point, null when the episode is no evidence for that gate (another gate
     * failed, the gate or its base is absent). baseMissing: a gate would have been evidence but had no base.
     */
    public Double tsImplied;
    public Double haloImplied;
    public boolean baseMissing;
    /** Whether the ts and halo gates passed at the decision point, where the episode is evidence for them (the selection correction's counts). */
    public Boolean tsPassed;
    public Boolean haloPassed;

    /** The {@link Outcome}'s wire form, null until resolved; see {@link #resolve} and {@link #outcome()}. */
    public String outcome;
    public String outcomeReason;
    public Long outcomeTs;

    public Episode() {}

    public boolean isResolved() {
        return outcome != null;
    }

    public EpisodeDecision decision() {
        return EpisodeDecision.of(decision);
    }

    public void decide(EpisodeDecision d) {
        decision = d.wire();
    }

    /** The outcome, null while the episode is open. */
    public Outcome outcome() {
        return Outcome.of(outcome);
    }

    public void resolve(Outcome outcome, String reason, long ts) {
        if (this.outcome != null) return; // monotone: the first outcome stands
        this.outcome = outcome.wire();
        this.outcomeReason = reason;
        this.outcomeTs = ts;
    }

    public static String id(String patternKey, Series series, long startSeq) {
        return patternKey + ':' + series.idPart() + ':' + startSeq;
    }
}

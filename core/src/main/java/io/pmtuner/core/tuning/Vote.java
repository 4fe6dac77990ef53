package io.pmtuner.core.tuning;

import io.pmtuner.model.Outcome;

import java.util.List;

/**
 * One resolved episode's vote in one scope subset (README "Our readings: the miner"): what the miner counts and the judge
 * weighs. {@link #key} is what both are keyed by: the episode's pattern and the subset.
 */
public class Vote {
    public String key;
    public String patternKey;
    /** The override key the pattern drives ({@code pm.tuning.s1_gates}): what the judge's changes are written under. */
    public String tuningKey;
    /** The scope subset as canonical JSON (keys sorted): {@code {}} is the global subset. */
    public String subsetJson;
    public String episodeId;
    public boolean acted;
    /** The {@link Outcome}'s wire form (a string: this class is keyed state); read it through {@link #outcome()}. */
    public String outcome;
    public List<String> blockedBy;
    public boolean dataGap;
    public long decisionTs;
    public long outcomeTs;
    /**
     * Event time from which the outcome is known: the outcome's time, or the close of the window when
     * the outcome came inside it (an S3 retest trimmed before its window ended).
     */
    public long knownTs;
    /** The episode's implied multipliers of the ts and halo gates (docs/judges.md), null where it is no evidence. */
    public Double tsImplied;
    public Double haloImplied;
    /** Whether those gates passed at the decision point (null: unknown, e.g. a vote of an earlier build). */
    public Boolean tsPassed;
    public Boolean haloPassed;

    public Vote() {}

    public Outcome outcome() {
        return Outcome.of(outcome);
    }

    /** Whether the episode succeeded or failed: what the rates and the judges count. */
    public boolean decisive() {
        Outcome o = outcome();
        return o != null && o.decisive();
    }

    public static String key(String patternKey, String subsetJson) {
        return patternKey + '\u001f' + subsetJson;
    }

    /** The order determinism fixes for aggregation and judgment, with the time the outcome became known first. */
    public static int compareInEventTime(Vote a, Vote b) {
        int c = Long.compare(a.knownTs, b.knownTs);
        if (c == 0) c = Long.compare(a.outcomeTs, b.outcomeTs);
        if (c == 0) c = a.episodeId.compareTo(b.episodeId);
        return c;
    }

    /**
     * The order across the keys of one pattern: event time as above, and within one episode from the
     * fewest dimensions to the most, then by the subset's canonical JSON.
     */
    public static int compareGeneralFirst(Vote a, Vote b) {
        int c = compareInEventTime(a, b);
        if (c == 0) c = Integer.compare(dimensions(a.subsetJson), dimensions(b.subsetJson));
        if (c == 0) c = a.subsetJson.compareTo(b.subsetJson);
        return c;
    }

    /** The number of dimensions of a canonical subset JSON ({@code {}}: 0): its top-level keys, counted by their colons outside strings. */
    static int dimensions(String subsetJson) {
        int n = 0;
        boolean inString = false;
        for (int i = 0; i < subsetJson.length(); i++) {
            char ch = subsetJson.charAt(i);
            if (ch == '\\') {
                i++;
            } else if (ch == '"') {
                inString = !inString;
            } else if (ch == ':' && !inString) {
                n++;
            }
        }
        return n;
    }
}

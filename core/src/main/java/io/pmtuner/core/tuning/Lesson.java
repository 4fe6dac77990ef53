package io.pmtuner.core.tuning;

import io.pmtuner.model.Outcome;

/**
 * The miner's counts for one {@code (pattern_key, scope_subset)}: a row of {@code learning_lessons}
 * (docs/design.md "Tables"; README "Our readings: the miner"). Success and failure count in the quadrants and rates; neutral and data-gap episodes
 * are counted apart. Also the miner's keyed state, so its fields must stay savepoint-compatible.
 */
public class Lesson {
    public String patternKey;
    public String subsetJson;
    public Quadrants counts = new Quadrants();
    public long nNeutral;
    public long nDataGap;
    /** Votes counted so far, of every kind: grows by one per vote, so writes can be ordered by it. */
    public long votes;
    public long lastEventTs;
    public String lastEpisodeId;

    public Lesson() {}

    public Lesson(String patternKey, String subsetJson) {
        this.patternKey = patternKey;
        this.subsetJson = subsetJson;
    }

    /** Counts one vote. {@code withDataGap}: whether data-gap episodes count in the rates. */
    public void count(Vote v, boolean withDataGap) {
        votes++;
        lastEventTs = Math.max(lastEventTs, v.outcomeTs);
        lastEpisodeId = v.episodeId;
        if (v.dataGap && !withDataGap) {
            nDataGap++;
        } else if (v.outcome() == Outcome.NEUTRAL) {
            nNeutral++;
        } else {
            counts.add(v);
        }
    }
}

package io.pmtuner.job.tuning;

import io.pmtuner.model.Episode;

import java.util.HashMap;
import java.util.Map;

/**
 * The miner's counts for one {@code (pattern_key, scope_subset)}: a row of {@code learning_lessons}
 * (SPEC 4, 5). Success and failure count in the rates; neutral and data-gap episodes are counted
 * apart. Also the miner's keyed state, so its fields must stay savepoint-compatible.
 */
public class Lesson {
    public String patternKey;
    public String subsetJson;
    public long nActedSuccess;
    public long nActedFailure;
    public long nSkippedSuccess;
    public long nSkippedFailure;
    public long nNeutral;
    public long nDataGap;
    /** For missed episodes (skipped, then success): how many each gate blocked. */
    public Map<String, Long> missedBlockedBy = new HashMap<>();
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
        } else if (Episode.NEUTRAL.equals(v.outcome)) {
            nNeutral++;
        } else {
            boolean success = Episode.SUCCESS.equals(v.outcome);
            if (v.acted) {
                if (success) nActedSuccess++; else nActedFailure++;
            } else if (success) {
                nSkippedSuccess++;
                Rates.countGates(missedBlockedBy, v.blockedBy);
            } else {
                nSkippedFailure++;
            }
        }
    }

    public long nActed() {
        return nActedSuccess + nActedFailure;
    }

    public long nSkipped() {
        return nSkippedSuccess + nSkippedFailure;
    }

    public Double wr() {
        return Rates.ratio(nActedSuccess, nActed());
    }

    public Double fpr() {
        return Rates.ratio(nActedFailure, nActed());
    }

    public Double mr() {
        return Rates.ratio(nSkippedSuccess, nSkipped());
    }

    public Double dr() {
        return Rates.ratio(nSkippedFailure, nSkipped());
    }
}

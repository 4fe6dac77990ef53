package io.pmtuner.job.tuning;

import io.pmtuner.model.Episode;

import java.util.HashMap;
import java.util.Map;

/**
 * What the judge keeps per {@code (pattern, scope_subset)}: the current multipliers and the evidence
 * gathered since the last change (SPEC 6). Keyed state: fields must stay savepoint-compatible.
 */
public class JudgeState {
    public double tsMinMult = 1.0;
    public double haloMult = 1.0;
    public double aValueMult = 1.0;
    /** Number of changes so far. */
    public int version;
    /** Event time of the last change; only episodes decided after it are evidence. Null before any. */
    public Long decidedTs;

    // the evidence window
    public long actedSuccess;
    public long actedFailure;
    public long skippedSuccess;
    public long skippedFailure;
    public Map<String, Long> missedBlockedBy = new HashMap<>();

    public JudgeState() {}

    /** Whether a vote is evidence for the next judgment: success or failure, decided under the current gates. */
    public boolean isEvidence(Vote v, boolean withDataGap) {
        if (v.dataGap && !withDataGap) return false;
        if (!Episode.SUCCESS.equals(v.outcome) && !Episode.FAILURE.equals(v.outcome)) return false;
        return decidedTs == null || v.decisionTs > decidedTs;
    }

    public void add(Vote v) {
        boolean success = Episode.SUCCESS.equals(v.outcome);
        if (v.acted) {
            if (success) actedSuccess++; else actedFailure++;
        } else if (success) {
            skippedSuccess++;
            Rates.countGates(missedBlockedBy, v.blockedBy);
        } else {
            skippedFailure++;
        }
    }

    /** Takes on a judgment's multipliers and starts a new evidence window after {@code ts}. */
    public void change(Judgment j, long ts) {
        tsMinMult = j.tsMinMult();
        haloMult = j.haloMult();
        aValueMult = j.aValueMult();
        version++;
        decidedTs = ts;
        actedSuccess = actedFailure = skippedSuccess = skippedFailure = 0;
        missedBlockedBy = new HashMap<>();
    }

    public long acted() {
        return actedSuccess + actedFailure;
    }

    public long skipped() {
        return skippedSuccess + skippedFailure;
    }

    public long episodes() {
        return acted() + skipped();
    }

    public Double wr() {
        return Rates.ratio(actedSuccess, acted());
    }

    public Double fpr() {
        return Rates.ratio(actedFailure, acted());
    }

    public Double mr() {
        return Rates.ratio(skippedSuccess, skipped());
    }

    public Double dr() {
        return Rates.ratio(skippedFailure, skipped());
    }

    public long missedBy(String gate) {
        return missedBlockedBy.getOrDefault(gate, 0L);
    }
}

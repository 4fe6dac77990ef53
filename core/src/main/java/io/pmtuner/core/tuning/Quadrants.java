package io.pmtuner.core.tuning;

import io.pmtuner.model.Outcome;

import java.util.HashMap;
import java.util.Map;

/**
 * The four quadrants (README "How it works") over some episodes resolved success or failure, with the gates that
 * blocked the missed ones, and the miner's rates. The miner keeps one for a lesson's lifetime, the
 * judge one for its evidence window.
 */
public class Quadrants {
    public long actedSuccess;
    public long actedFailure;
    public long skippedSuccess;
    public long skippedFailure;
    /** For missed episodes (skipped, then success): how many each gate blocked. */
    public Map<String, Long> missedBlockedBy = new HashMap<>();

    public Quadrants() {}

    /** Counts a vote resolved success or failure. */
    public void add(Vote v) {
        boolean success = v.outcome() == Outcome.SUCCESS;
        if (v.acted) {
            if (success) actedSuccess++; else actedFailure++;
        } else if (success) {
            skippedSuccess++;
            if (v.blockedBy != null) for (String g : v.blockedBy) missedBlockedBy.merge(g, 1L, Long::sum);
        } else {
            skippedFailure++;
        }
    }

    public long acted() {
        return actedSuccess + actedFailure;
    }

    public long skipped() {
        return skippedSuccess + skippedFailure;
    }

    public long total() {
        return acted() + skipped();
    }

    public long missedBy(String gate) {
        return missedBlockedBy.getOrDefault(gate, 0L);
    }

    public Double wr() {
        return ratio(actedSuccess, acted());
    }

    public Double fpr() {
        return ratio(actedFailure, acted());
    }

    public Double mr() {
        return ratio(skippedSuccess, skipped());
    }

    public Double dr() {
        return ratio(skippedFailure, skipped());
    }

    /** {@code part / whole}, or null when nothing was counted (README "Our readings: the miner"). */
    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}

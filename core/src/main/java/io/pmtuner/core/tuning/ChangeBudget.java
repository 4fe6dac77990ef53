package io.pmtuner.core.tuning;


import java.io.Serializable;

/**
 * How fast a judge may move one override key, in event time: at most {@code changesPerDay} changes per
 * UTC day of the changes' {@code decided_ts}, and no multiplier moving more than {@code maxStep} in one
 * change (0: no limit for either). Deterministic like the judges: it counts in the key's own state.
 */
public record ChangeBudget(int changesPerDay, double maxStep) implements Serializable {
    public static final ChangeBudget NONE = new ChangeBudget(0, 0);
    private static final long DAY = 86_400_000L;

    /** Whether a change decided at {@code ts} still fits the day's budget. */
    public boolean allows(BudgetCounter c, long ts) {
        return changesPerDay <= 0 || c.day != day(ts) || c.changes < changesPerDay;
    }

    /** Counts a change decided at {@code ts}. */
    public void count(BudgetCounter c, long ts) {
        long day = day(ts);
        if (c.day != day) {
            c.day = day;
            c.changes = 0;
        }
        c.changes++;
    }

    /** Whether a hold at {@code ts} is the key's first of that day (the one recorded with its evidence); marks it. */
    public boolean firstHoldOfDay(BudgetCounter c, long ts) {
        long day = day(ts);
        if (c.heldDay == day) return false;
        c.heldDay = day;
        return true;
    }

    /** {@code to}, or the point {@code maxStep} from {@code from} toward it; six decimals. */
    public double step(double from, double to) {
        if (maxStep <= 0 || Math.abs(to - from) <= maxStep) return to;
        return Math.round((from + Math.signum(to - from) * maxStep) * 1_000_000d) / 1_000_000d;
    }

    private static long day(long ts) {
        return Math.floorDiv(ts, DAY);
    }
}

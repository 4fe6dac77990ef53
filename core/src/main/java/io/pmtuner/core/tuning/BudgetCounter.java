package io.pmtuner.core.tuning;

/** A key's use of its change budget ({@code ChangeBudget}): its changes in the current event-time day. Keyed state (POJO), in both judges' states. */
public class BudgetCounter {
    /** The UTC day (days since the epoch) {@link #changes} counts; Long.MIN_VALUE before any change. */
    public long day = Long.MIN_VALUE;
    public int changes;
    /** The last day a hold was recorded. */
    public long heldDay = Long.MIN_VALUE;

    public BudgetCounter() {}
}

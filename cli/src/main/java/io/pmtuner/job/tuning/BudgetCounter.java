package io.pmtuner.job.tuning;

/** BudgetCounter as savepoints of earlier builds name it: its fields only, read by {@code upgrade-savepoint}. */
public class BudgetCounter {
    public long day = Long.MIN_VALUE;
    public int changes;
    public long heldDay = Long.MIN_VALUE;
}

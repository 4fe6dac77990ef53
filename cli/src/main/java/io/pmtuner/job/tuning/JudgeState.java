package io.pmtuner.job.tuning;

/** JudgeState as savepoints of earlier builds name it: its fields only, read by {@code upgrade-savepoint}. */
public class JudgeState {
    public double tsMinMult = 1.0;
    public double haloMult = 1.0;
    public double aValueMult = 1.0;
    public int version;
    public Long decidedTs;
    public Quadrants window = new Quadrants();
    public BudgetCounter budget = new BudgetCounter();
}

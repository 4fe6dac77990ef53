package io.pmtuner.job.tuning.calibrated;

/** Block as savepoints of earlier builds name it: its fields only, read by {@code upgrade-savepoint}. */
public class Block {
    public int[] successes;
    public int[] failures;
    public int episodes;
    public int[] actedSuccesses;
    public int[] actedFailures;
    public int[] skippedSuccesses;
    public int[] skippedFailures;
}

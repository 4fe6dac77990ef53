package io.pmtuner.job.tuning.calibrated;

/** OwnKey as savepoints of earlier builds name it: its fields only, read by {@code upgrade-savepoint}. */
public class OwnKey {
    public double multiplier;
    public long evidence;
    public long decidedTs;
}

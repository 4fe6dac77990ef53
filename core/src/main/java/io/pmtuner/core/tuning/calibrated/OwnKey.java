package io.pmtuner.core.tuning.calibrated;

/**
 * Where a key of the calibrated judge that has moved stands for one gate (docs/judges.md "Many scopes"): its multiplier,
 * and what the engine's lookup breaks ties by, the evidence of its override and when it was decided. Keyed state (POJO).
 */
public class OwnKey {
    public double multiplier;
    public long evidence;
    public long decidedTs;

    public OwnKey() {}

    public OwnKey(double multiplier, long evidence, long decidedTs) {
        this.multiplier = multiplier;
        this.evidence = evidence;
        this.decidedTs = decidedTs;
    }
}

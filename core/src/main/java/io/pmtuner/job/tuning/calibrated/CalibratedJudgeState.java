package io.pmtuner.job.tuning.calibrated;

/** What the calibrated judge keeps per {@code (pattern, scope_subset)}: one calibration per gate. Keyed state (POJO). */
public class CalibratedJudgeState {
    public GateCalibration ts;
    public GateCalibration halo;
    /** Number of changes so far. */
    public int version;

    public CalibratedJudgeState() {}
}

package io.pmtuner.core.tuning.calibrated;

import io.pmtuner.core.tuning.BudgetCounter;

/** What the calibrated judge keeps per {@code (pattern, scope_subset)}: one calibration per gate. Keyed state (POJO). */
public class CalibratedJudgeState {
    public GateCalibration ts;
    public GateCalibration halo;
    /** Number of changes so far. */
    public int version;
    /** Changes in the current event-time day, against the change budget. */
    public BudgetCounter budget = new BudgetCounter();
    /** The size multiplier this key applies (--judge.size spec|payoff); 0 in state of builds before sizing: 1.0. */
    public double aValueMult;

    public CalibratedJudgeState() {}
}

package io.pmtuner.job.tuning.calibrated;

import io.pmtuner.job.tuning.BudgetCounter;

/** CalibratedJudgeState as savepoints of earlier builds name it: its fields only, read by {@code upgrade-savepoint}. */
public class CalibratedJudgeState {
    public GateCalibration ts;
    public GateCalibration halo;
    public int version;
    public BudgetCounter budget = new BudgetCounter();
    public double aValueMult;
}

package io.pmtuner.job.tuning.calibrated;

import java.util.List;
import java.util.ArrayList;

/** GateCalibration as savepoints of earlier builds name it: its fields only, read by {@code upgrade-savepoint}. */
public class GateCalibration {
    public double lo;
    public double binWidth;
    public int bins;
    public List<Block> blocks = new ArrayList<>();
    public int[] totalSuccesses;
    public int[] totalFailures;
    public int held;
    public int position;
    public int lastDirection;
    public int sinceJudgment;
    public boolean hasFit;
    public double fitA;
    public double fitB;
    public int regimeDropped;
    public double regimeZ;
    public int regimeR;
    public boolean own;
    public String inheritedFrom;
    public int[] totalActedSuccesses;
    public int[] totalActedFailures;
    public int[] totalSkippedSuccesses;
    public int[] totalSkippedFailures;
}

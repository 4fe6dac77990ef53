package io.pmtuner.core.tuning;

import io.pmtuner.core.tuning.calibrated.CalibrationParameters;

import java.io.Serializable;

/**
 * What the judges decide with (SPEC 6 and 10): the mode, the payoff, SPEC 6's thresholds and steps, the
 * clamps both modes keep to, SPEC 10's parameters, and the change budget both modes keep to. Plain values; the options that set them, with
 * SPEC's defaults, are {@code config.JudgeSettings}.
 */
public record JudgeParameters(
        Mode mode,
        double payoffWin,
        double payoffLoss,
        CalibrationParameters calibration,
        int minEpisodes,
        int minActed,
        int minSkipped,
        double fprMax,
        double mrMax,
        double wrMin,
        double tightenTsStep,
        double tightenHaloStep,
        double loosenTsStep,
        double loosenHaloStep,
        double aggressionStep,
        double tsMinMultMin,
        double tsMinMultMax,
        double haloMultMin,
        double haloMultMax,
        double aValueMultMin,
        double aValueMultMax,
        ChangeBudget budget) implements Serializable {

    /** Which judge turns the evidence into overrides. */
    public enum Mode { spec, calibrated }

    public JudgeParameters withMode(Mode m) {
        return new JudgeParameters(m, payoffWin, payoffLoss, calibration, minEpisodes, minActed, minSkipped, fprMax, mrMax, wrMin, tightenTsStep, tightenHaloStep, loosenTsStep, loosenHaloStep, aggressionStep, tsMinMultMin, tsMinMultMax, haloMultMin, haloMultMax, aValueMultMin, aValueMultMax, budget);
    }

    public JudgeParameters withPayoff(double win, double loss) {
        return new JudgeParameters(mode, win, loss, calibration, minEpisodes, minActed, minSkipped, fprMax, mrMax, wrMin, tightenTsStep, tightenHaloStep, loosenTsStep, loosenHaloStep, aggressionStep, tsMinMultMin, tsMinMultMax, haloMultMin, haloMultMax, aValueMultMin, aValueMultMax, budget);
    }
}

package io.pmtuner.core.tuning;

import io.pmtuner.core.tuning.calibrated.CalibrationParameters;

import java.io.Serializable;

/**
 * What the judges decide with (README "Choosing a judge"; docs/judges.md): the mode, the payoff, the spec judge's thresholds and steps, the
 * clamps both modes keep to, the calibrated judge's parameters, and the change budget both modes keep to. Plain values; the options that set them, with
 * the documented defaults, are {@code config.JudgeSettings}.
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
        ChangeBudget budget,
        Size size,
        double sizeReference) implements Serializable {

    /** Which judge turns the evidence into overrides. */
    public enum Mode { spec, calibrated }

    /**
     * How the calibrated judge sizes ({@code a_value_mult}, docs/judges.md "Many scopes"): {@code none} leaves it at 1.0 (docs/judges.md);
     * {@code spec} is the spec judge's rule, raised by the aggression step while the acted win rate is above
     * {@code --judge.wr-min}; {@code payoff} the Kelly fraction of the acted setups the gate lets through,
     * against {@code sizeReference}. The spec mode always sizes by that rule.
     */
    public enum Size { none, spec, payoff }

    public JudgeParameters withMode(Mode m) {
        return new JudgeParameters(m, payoffWin, payoffLoss, calibration, minEpisodes, minActed, minSkipped, fprMax, mrMax, wrMin, tightenTsStep, tightenHaloStep, loosenTsStep, loosenHaloStep, aggressionStep, tsMinMultMin, tsMinMultMax, haloMultMin, haloMultMax, aValueMultMin, aValueMultMax, budget, size, sizeReference);
    }

    public JudgeParameters withPayoff(double win, double loss) {
        return new JudgeParameters(mode, win, loss, calibration, minEpisodes, minActed, minSkipped, fprMax, mrMax, wrMin, tightenTsStep, tightenHaloStep, loosenTsStep, loosenHaloStep, aggressionStep, tsMinMultMin, tsMinMultMax, haloMultMin, haloMultMax, aValueMultMin, aValueMultMax, budget, size, sizeReference);
    }

    public JudgeParameters withSize(Size s) {
        return new JudgeParameters(mode, payoffWin, payoffLoss, calibration, minEpisodes, minActed, minSkipped, fprMax, mrMax, wrMin, tightenTsStep, tightenHaloStep, loosenTsStep, loosenHaloStep, aggressionStep, tsMinMultMin, tsMinMultMax, haloMultMin, haloMultMax, aValueMultMin, aValueMultMax, budget, s, sizeReference);
    }
}

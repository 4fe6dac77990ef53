package io.pmtuner.core.tuning.calibrated;

import java.io.Serializable;

/**
 * The calibrated judge's numeric parameters, as it uses them. Plain values: where they come from
 * (options, with the documented values as defaults) is {@code config.CalibrationSettings}' business.
 */
public record CalibrationParameters(
        double binWidth,
        int blockSize,
        int maxBlocks,
        int judgeEvery,
        int minHeld,
        double regimeZ,
        int windowMinEpisodes,
        double windowShare,
        double windowMinHalfWidth,
        double windowMaxHalfWidth,
        double ridge,
        int maxIterations,
        int minBins,
        double deadbandSe,
        double reversalSe,
        int minMoveBins,
        int maxStepBins,
        /* a key starts from what its most specific moved parent applies until it moves itself */
        boolean inherit,
        /* a far crossing with a small standard error moves up to maxStepBinsBySe bins */
        boolean stepBySe,
        int maxStepBinsBySe,
        /* the crossing corrected for a PM who acts more on the setups that turn out well */
        boolean pmSelection,
        /* the fewest episodes in each of acted/skipped x success/failure the correction needs */
        int selectionMinCell) implements Serializable {
}

package io.pmtuner.core.tuning.calibrated;

import java.io.Serializable;

/**
 * SPEC 10's numeric parameters, as the calibrated judge uses them. Plain values: where they come from
 * (options, with SPEC 10's values as defaults) is {@code config.CalibrationSettings}' business.
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
        int maxStepBins) implements Serializable {
}

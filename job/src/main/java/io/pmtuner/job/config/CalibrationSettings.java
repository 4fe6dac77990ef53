package io.pmtuner.job.config;

import picocli.CommandLine.Option;

import java.io.Serializable;

/**
 * The numbers of the calibrated judge (docs/judges.md), each an option with the documented value as default. The
 * payoff and the mode are in {@link JudgeSettings}; the clamps (and so the grid's range) too.
 */
public class CalibrationSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    @Option(names = "--judge.calibrated.bin-width", defaultValue = "0.01",
            description = "Width of an implied-multiplier bin, and the step of the multiplier grid (default ${DEFAULT-VALUE}).")
    public double binWidth;

    @Option(names = "--judge.calibrated.block-size", defaultValue = "200", description = "Episodes per block of the ring (default ${DEFAULT-VALUE}).")
    public int blockSize;

    @Option(names = "--judge.calibrated.max-blocks", defaultValue = "20", description = "Blocks the ring holds at most (default ${DEFAULT-VALUE}).")
    public int maxBlocks;

    @Option(names = "--judge.calibrated.judge-every", defaultValue = "25", description = "Evidence episodes of a gate between two judgments (default ${DEFAULT-VALUE}).")
    public int judgeEvery;

    @Option(names = "--judge.calibrated.min-held", defaultValue = "50", description = "Hold with fewer episodes held (default ${DEFAULT-VALUE}).")
    public int minHeld;

    @Option(names = "--judge.calibrated.regime-z", defaultValue = "4",
            description = "Drop older blocks when the newest ones depart from the fit by more than this many standard deviations (default ${DEFAULT-VALUE}).")
    public double regimeZ;

    @Option(names = "--judge.calibrated.window-min-episodes", defaultValue = "400",
            description = "The fitting window holds at least this many episodes, or window-share of those held if more (default ${DEFAULT-VALUE}).")
    public int windowMinEpisodes;

    @Option(names = "--judge.calibrated.window-share", defaultValue = "0.3",
            description = "Share of the episodes held the fitting window holds at least (default ${DEFAULT-VALUE}).")
    public double windowShare;

    @Option(names = "--judge.calibrated.window-min-half-width", defaultValue = "0.1", description = "Narrowest window half-width (default ${DEFAULT-VALUE}).")
    public double windowMinHalfWidth;

    @Option(names = "--judge.calibrated.window-max-half-width", defaultValue = "0.5",
            description = "Widest window half-width, also the regime check's window (default ${DEFAULT-VALUE}).")
    public double windowMaxHalfWidth;

    @Option(names = "--judge.calibrated.ridge", defaultValue = "0.0005", description = "Ridge penalty on a^2 + b^2 of the fit (default ${DEFAULT-VALUE}).")
    public double ridge;

    @Option(names = "--judge.calibrated.max-iterations", defaultValue = "50", description = "Newton iterations of a fit at most (default ${DEFAULT-VALUE}).")
    public int maxIterations;

    @Option(names = "--judge.calibrated.min-bins", defaultValue = "3", description = "Bins with episodes a fit needs (default ${DEFAULT-VALUE}).")
    public int minBins;

    @Option(names = "--judge.calibrated.deadband-se", defaultValue = "1",
            description = "Hold while the crossing is closer than this many standard errors (default ${DEFAULT-VALUE}).")
    public double deadbandSe;

    @Option(names = "--judge.calibrated.reversal-se", defaultValue = "2",
            description = "A move against the last one needs the crossing this many standard errors away (default ${DEFAULT-VALUE}).")
    public double reversalSe;

    @Option(names = "--judge.calibrated.min-move-bins", defaultValue = "2", description = "Hold when the crossing rounds to fewer bins away (default ${DEFAULT-VALUE}).")
    public int minMoveBins;

    @Option(names = "--judge.calibrated.max-step-bins", defaultValue = "5", description = "Bins one move goes at most (default ${DEFAULT-VALUE}).")
    public int maxStepBins;

    @Option(names = "--judge.inherit", arity = "1", defaultValue = "true", paramLabel = "true|false",
            description = "A scope subset whose gate has not moved yet starts each judgment from what its most specific moved parent applies,"
                    + " and writes no override until it moves (default ${DEFAULT-VALUE}).")
    public boolean inherit;

    @Option(names = "--judge.step-by-se", arity = "1", defaultValue = "true", paramLabel = "true|false",
            description = "A crossing far away with a small standard error moves up to --judge.calibrated.max-step-bins-by-se bins, never past"
                    + " 2 standard errors short of it (default ${DEFAULT-VALUE}).")
    public boolean stepBySe;

    @Option(names = "--judge.calibrated.max-step-bins-by-se", defaultValue = "25",
            description = "With --judge.step-by-se: bins one move goes at most (default ${DEFAULT-VALUE}).")
    public int maxStepBinsBySe;

    @Option(names = "--judge.pm-selection", arity = "1", defaultValue = "true", paramLabel = "true|false",
            description = "Correct the crossing for a PM who acts more on the setups that turn out well (acted against open-but-skipped"
                    + " setups at equal implied multiplier) (default ${DEFAULT-VALUE}).")
    public boolean pmSelection;

    @Option(names = "--judge.calibrated.selection-min-cell", defaultValue = "30",
            description = "The PM-selection correction needs this many acted successes, acted failures, skipped successes and skipped failures"
                    + " (default ${DEFAULT-VALUE}).")
    public int selectionMinCell;

    /** The problems with these settings, or an empty string. */
    String problems() {
        StringBuilder sb = new StringBuilder();
        if (!(binWidth > 0)) sb.append("--judge.calibrated.bin-width must be positive. ");
        if (blockSize < 1 || maxBlocks < 1 || judgeEvery < 1 || maxIterations < 1 || minBins < 2 || maxStepBins < 1 || maxStepBinsBySe < 1
                || selectionMinCell < 1) {
            sb.append("--judge.calibrated block-size, max-blocks, judge-every, max-iterations, max-step-bins must be at least 1, min-bins at least 2. ");
        }
        if (!(windowMinHalfWidth > 0) || windowMinHalfWidth > windowMaxHalfWidth) {
            sb.append("--judge.calibrated.window-min-half-width must be positive and at most window-max-half-width. ");
        }
        if (ridge < 0 || deadbandSe < 0 || reversalSe < 0 || regimeZ <= 0 || windowShare < 0 || minMoveBins < 0 || minHeld < 0) {
            sb.append("--judge.calibrated thresholds must not be negative. ");
        }
        return sb.toString().trim();
    }

    /** These settings as the calibrated judge's parameters. */
    public io.pmtuner.core.tuning.calibrated.CalibrationParameters parameters() {
        return new io.pmtuner.core.tuning.calibrated.CalibrationParameters(binWidth, blockSize, maxBlocks, judgeEvery, minHeld, regimeZ, windowMinEpisodes, windowShare, windowMinHalfWidth, windowMaxHalfWidth, ridge, maxIterations, minBins, deadbandSe, reversalSe, minMoveBins, maxStepBins,
                inherit, stepBySe, maxStepBinsBySe, pmSelection, selectionMinCell);
    }
}

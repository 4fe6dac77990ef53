package io.pmtuner.core.tuning.calibrated;

import java.util.ArrayList;
import java.util.List;

/**
 * What the calibrated judge keeps for one gate of one {@code (pattern, scope_subset)} (docs/judges.md): the
 * ring of blocks with running totals per bin, the multiplier as a grid position, the last move's
 * direction and the last fit. Bounded: at most {@code max-blocks} blocks of {@code bins + 2} counts.
 *
 * <p>Bin layout: index 0 is the underflow bin (m below the clamp range), 1..n the regular bins of
 * width {@code w} from the lower clamp, n+1 the overflow bin. Grid position k is the multiplier
 * {@code lo + k w}, the lower edge of bin k+1. Keyed state: fields must stay savepoint-compatible.
 */
public class GateCalibration {
    /** The grid this state was built on; a changed clamp or bin width starts the gate afresh. */
    public double lo;
    public double binWidth;
    public int bins;

    public List<Block> blocks = new ArrayList<>();
    public int[] totalSuccesses;
    public int[] totalFailures;
    public int held;

    /** Current multiplier as a grid position. */
    public int position;
    /** -1, 0 (no move yet) or +1. */
    public int lastDirection;
    /** Evidence episodes since the last judgment. */
    public int sinceJudgment;

    public boolean hasFit;
    public double fitA;
    public double fitB;

    /** The last regime change not yet reported with a move: blocks dropped, its z, the r that gave it; 0 when none. */
    public int regimeDropped;
    public double regimeZ;
    public int regimeR;

    /** Whether a judgment of this key has moved it (never reset); before, it inherits its parents' position. */
    public boolean own;
    /** The subset it last inherited its position from (null: none, or 1.0). */
    public String inheritedFrom;
    /** Running totals per bin of the blocks' acted and open-but-skipped counts (see {@link Block}). */
    public int[] totalActedSuccesses;
    public int[] totalActedFailures;
    public int[] totalSkippedSuccesses;
    public int[] totalSkippedFailures;

    /** What the PM did with an evidence episode, as the selection counts see it. */
    public enum Selection { ACTED, OPEN_SKIPPED, BLOCKED }

    public GateCalibration() {}

    public GateCalibration(double lo, double hi, double binWidth, double start) {
        this.lo = lo;
        this.binWidth = binWidth;
        this.bins = (int) Math.round((hi - lo) / binWidth);
        this.totalSuccesses = new int[bins + 2];
        this.totalFailures = new int[bins + 2];
        this.totalActedSuccesses = new int[bins + 2];
        this.totalActedFailures = new int[bins + 2];
        this.totalSkippedSuccesses = new int[bins + 2];
        this.totalSkippedFailures = new int[bins + 2];
        this.position = Math.max(0, Math.min(bins, (int) Math.round((start - lo) / binWidth)));
    }

    public boolean builtFor(double lo, double hi, double binWidth) {
        return this.lo == lo && this.binWidth == binWidth && this.bins == (int) Math.round((hi - lo) / binWidth);
    }

    /** The multiplier at grid position {@code k}, to six decimals (as the spec judge keeps them). */
    public double multiplierAt(int k) {
        return Math.round((lo + k * binWidth) * 1_000_000d) / 1_000_000d;
    }

    public double multiplier() {
        return multiplierAt(position);
    }

    /** The bin of an implied multiplier. */
    public int binOf(double m) {
        if (m < lo) return 0;
        int i = (int) Math.floor((m - lo) / binWidth + 1e-9);
        return i >= bins ? bins + 1 : i + 1;
    }

    /** Centre of regular bin {@code i} (1..bins). */
    public double centre(int i) {
        return lo + (i - 0.5) * binWidth;
    }

    /** Adds one episode to the newest block, opening a new one (and dropping the oldest) when it is full. */
    public void add(int bin, boolean success, int blockSize, int maxBlocks) {
        add(bin, success, Selection.BLOCKED, blockSize, maxBlocks);
    }

    /** As {@link #add(int, boolean, int, int)}, counting the episode also by what the PM did with it. */
    public void add(int bin, boolean success, Selection selection, int blockSize, int maxBlocks) {
        if (totalActedSuccesses == null) {
            // state of a build before the selection counts: they start now
            totalActedSuccesses = new int[bins + 2];
            totalActedFailures = new int[bins + 2];
            totalSkippedSuccesses = new int[bins + 2];
            totalSkippedFailures = new int[bins + 2];
        }
        Block newest = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
        if (newest == null || newest.episodes >= blockSize || newest.actedSuccesses == null) {
            newest = new Block(bins + 2);
            blocks.add(newest);
            while (blocks.size() > maxBlocks) dropOldest();
        }
        if (success) {
            newest.successes[bin]++;
            totalSuccesses[bin]++;
        } else {
            newest.failures[bin]++;
            totalFailures[bin]++;
        }
        if (selection == Selection.ACTED) {
            if (success) {
                newest.actedSuccesses[bin]++;
                totalActedSuccesses[bin]++;
            } else {
                newest.actedFailures[bin]++;
                totalActedFailures[bin]++;
            }
        } else if (selection == Selection.OPEN_SKIPPED) {
            if (success) {
                newest.skippedSuccesses[bin]++;
                totalSkippedSuccesses[bin]++;
            } else {
                newest.skippedFailures[bin]++;
                totalSkippedFailures[bin]++;
            }
        }
        newest.episodes++;
        held++;
    }

    public void dropOldest() {
        Block old = blocks.remove(0);
        for (int i = 0; i < old.successes.length; i++) {
            totalSuccesses[i] -= old.successes[i];
            totalFailures[i] -= old.failures[i];
            if (old.actedSuccesses != null && totalActedSuccesses != null) {
                totalActedSuccesses[i] -= old.actedSuccesses[i];
                totalActedFailures[i] -= old.actedFailures[i];
                totalSkippedSuccesses[i] -= old.skippedSuccesses[i];
                totalSkippedFailures[i] -= old.skippedFailures[i];
            }
        }
        held -= old.episodes;
    }
}

package io.pmtuner.core.tuning.calibrated;

/** One block of the ring: success and failure counts per implied-multiplier bin. Keyed state (POJO). */
public class Block {
    public int[] successes;
    public int[] failures;
    /** Episodes in this block. */
    public int episodes;
    /**
     * The same episodes split by what the PM did, per bin: acted successes and failures, and
     * those the gate let through that the PM skipped (blocked ones count in neither). Null in blocks of
     * builds before they were counted.
     */
    public int[] actedSuccesses;
    public int[] actedFailures;
    public int[] skippedSuccesses;
    public int[] skippedFailures;

    public Block() {}

    Block(int bins) {
        successes = new int[bins];
        failures = new int[bins];
        actedSuccesses = new int[bins];
        actedFailures = new int[bins];
        skippedSuccesses = new int[bins];
        skippedFailures = new int[bins];
    }
}

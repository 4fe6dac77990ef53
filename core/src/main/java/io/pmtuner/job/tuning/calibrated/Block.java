package io.pmtuner.job.tuning.calibrated;

/** One block of the ring: success and failure counts per implied-multiplier bin. Keyed state (POJO). */
public class Block {
    public int[] successes;
    public int[] failures;
    /** Episodes in this block. */
    public int episodes;

    public Block() {}

    Block(int bins) {
        successes = new int[bins];
        failures = new int[bins];
    }
}

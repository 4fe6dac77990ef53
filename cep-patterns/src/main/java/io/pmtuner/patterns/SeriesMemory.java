package io.pmtuner.patterns;

import io.pmtuner.model.Tick;

/**
 * What the sequencer keeps of one series between ticks on the patterns' behalf, in its keyed state: each
 * kind reads and writes its own part in {@link EpisodeKind#remember}. The sequencer's state class implements
 * it; its fields, not this interface, are what savepoints hold.
 */
public interface SeriesMemory {
    /** S1 entry: the best decision-point candidate of the current run of S1 ticks; null outside one. */
    Tick s1Best();

    void s1Best(Tick best);

    /** S3 retest: the retests started so far in the current S3 run. */
    int retestCount();

    void retestCount(int count);
}

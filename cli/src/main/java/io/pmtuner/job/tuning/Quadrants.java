package io.pmtuner.job.tuning;

import java.util.Map;
import java.util.HashMap;

/** Quadrants as savepoints of earlier builds name it: its fields only, read by {@code upgrade-savepoint}. */
public class Quadrants {
    public long actedSuccess;
    public long actedFailure;
    public long skippedSuccess;
    public long skippedFailure;
    public Map<String, Long> missedBlockedBy = new HashMap<>();
}

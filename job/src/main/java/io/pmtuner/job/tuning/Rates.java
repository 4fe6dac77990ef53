package io.pmtuner.job.tuning;

import java.util.List;
import java.util.Map;

/** The arithmetic the miner and the judge share. */
final class Rates {
    private Rates() {}

    /** {@code part / whole}, or null when nothing was counted (SPEC 5). */
    static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    static void countGates(Map<String, Long> counts, List<String> gates) {
        if (gates == null) return;
        for (String g : gates) counts.merge(g, 1L, Long::sum);
    }
}

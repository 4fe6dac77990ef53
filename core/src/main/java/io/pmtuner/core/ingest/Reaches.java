package io.pmtuner.core.ingest;

import java.util.TreeMap;

/**
 * The reaches of a stream's active series, as a count per bar time, and the k-th latest of them: what
 * {@link QuorumClock} takes as the stream's time. A series' reach mostly moves on by one bar, and the k-th
 * latest by a bar now and then, so the answer is kept and moved from one bar time to the next rather than
 * found again; the order among series with the same reach never matters.
 */
final class Reaches {
    private final TreeMap<Long, int[]> counts = new TreeMap<>();
    private int size;
    /** The last answer (a bar time, or above all of them before the first) and how many reaches are at or after it. */
    private long pivot = Long.MAX_VALUE;
    private int atOrAfter;

    void add(long reach) {
        counts.computeIfAbsent(reach, r -> new int[1])[0]++;
        size++;
        if (reach >= pivot) atOrAfter++;
    }

    void remove(long reach) {
        int[] c = counts.get(reach);
        if (--c[0] == 0) counts.remove(reach);
        size--;
        if (reach >= pivot) atOrAfter--;
    }

    int size() {
        return size;
    }

    /** The k-th latest reach (k at least 1), or Long.MIN_VALUE while there are fewer than k. */
    long kthLatest(int k) {
        if (size < k) return Long.MIN_VALUE;
        while (atOrAfter < k) { // fewer than k at or after it: step back to the next earlier reach
            pivot = counts.lowerKey(pivot);
            atOrAfter += counts.get(pivot)[0];
        }
        for (Long later = counts.higherKey(pivot); later != null; later = counts.higherKey(pivot)) {
            int here = count(pivot);
            if (atOrAfter - here < k) break; // the next later reach has fewer than k at or after it
            atOrAfter -= here;
            pivot = later;
        }
        return pivot;
    }

    private int count(long reach) {
        int[] c = counts.get(reach);
        return c == null ? 0 : c[0];
    }
}

package io.pmtuner.model;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared instance of each of the few strings that repeat on every event (a scope's keys and values,
 * a series' book, chain and timeframe, gate and score names, the engine version), for the wire form's
 * reader: every event is shuffled to the sequencer before any state keeps it, and each deserialization
 * (each shuffle, each state read) makes new strings. A job keeps a tick or two of every series, and at a
 * million series their copies of "solana" and "1h" were a third of the heap (docs/benchmark.md). Holds at
 * most {@value #MAX} strings, so that values which do not repeat (an engine putting ids in a scope) cost
 * nothing beyond that: past it, a string is kept as it came.
 */
public final class Canonical {
    static final int MAX = 10_000;
    private static final ConcurrentHashMap<String, String> SEEN = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<List<String>, String[]> SEEN_NAMES = new ConcurrentHashMap<>();

    private Canonical() {}

    /** A string equal to {@code s}: the first one seen, while there is room. */
    public static String of(String s) {
        if (s == null) return null;
        String seen = SEEN.get(s);
        if (seen != null) return seen;
        if (SEEN.size() >= MAX) return s;
        seen = SEEN.putIfAbsent(s, s);
        return seen == null ? s : seen;
    }

    /**
     * An array equal to {@code names} (a map's keys, in order): the first one seen, while there is room,
     * for {@link CompactMap}s to share. The one returned must not be changed.
     */
    static String[] names(String[] names) {
        List<String> key = Arrays.asList(names);
        String[] seen = SEEN_NAMES.get(key);
        if (seen != null) return seen;
        if (SEEN_NAMES.size() >= MAX) return names;
        seen = SEEN_NAMES.putIfAbsent(key, names);
        return seen == null ? names : seen;
    }
}

package io.pmtuner.patterns;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kinds of episode a job detects, by pattern key: what the job wires one CEP operator for, and what
 * its outcome and fan-out functions look a stored episode's kind up in. {@link #BUILT_IN} is the
 * product's; a test adds its own with {@link #with}.
 */
public final class EpisodeKinds implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final EpisodeKinds BUILT_IN = new EpisodeKinds(List.of(EpisodeKind.S1_ENTRY, EpisodeKind.S3_RETEST));

    private final Map<String, EpisodeKind> byKey = new LinkedHashMap<>();

    private EpisodeKinds(List<EpisodeKind> kinds) {
        for (EpisodeKind k : kinds) {
            if (byKey.putIfAbsent(k.key, k) != null) throw new IllegalArgumentException("two kinds of episode with the key " + k.key);
        }
    }

    /** These kinds and {@code more}. */
    public EpisodeKinds with(EpisodeKind... more) {
        List<EpisodeKind> all = new ArrayList<>(byKey.values());
        all.addAll(List.of(more));
        return new EpisodeKinds(all);
    }

    /** Every kind, in the order they were given. */
    public List<EpisodeKind> all() {
        return List.copyOf(byKey.values());
    }

    /** The kind of a pattern key. */
    public EpisodeKind of(String key) {
        EpisodeKind k = byKey.get(key);
        if (k == null) throw new IllegalArgumentException("unknown episode pattern '" + key + "'");
        return k;
    }
}

package io.pmtuner.core.tuning;

import io.pmtuner.model.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scope subsets an episode counts in (README "Our readings: the miner"): every combination of up to {@code maxDims} of the
 * configured dimensions that the scope has, the empty one (global) included. A dimension the scope
 * lacks is not part of any of its subsets.
 */
public final class ScopeSubsets {
    private ScopeSubsets() {}

    /** The subsets as canonical JSON texts, smallest first, in a stable order. */
    public static List<String> of(Map<String, String> scope, List<String> dims, int maxDims) {
        List<String> present = new ArrayList<>();
        for (String d : dims) {
            if (scope != null && scope.get(d) != null && !present.contains(d)) present.add(d);
        }
        List<String> out = new ArrayList<>();
        int n = present.size();
        for (int size = 0; size <= Math.min(maxDims, n); size++) {
            for (int mask = 0; mask < (1 << n); mask++) {
                if (Integer.bitCount(mask) != size) continue;
                Map<String, String> subset = new TreeMap<>();
                for (int i = 0; i < n; i++) {
                    if ((mask & (1 << i)) != 0) subset.put(present.get(i), scope.get(present.get(i)));
                }
                out.add(Json.stringMap(subset));
            }
        }
        return out;
    }
}

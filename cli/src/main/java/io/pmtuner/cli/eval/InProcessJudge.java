package io.pmtuner.cli.eval;

import io.pmtuner.patterns.EpisodeKind;
import io.pmtuner.job.functions.ScopeFanOutFunction;
import io.pmtuner.client.TuningOverrides;
import io.pmtuner.core.tuning.OverrideChange;
import io.pmtuner.core.tuning.TuningJudge;
import io.pmtuner.job.tuning.Vote;
import io.pmtuner.model.Episode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A judge mode played as the job plays it, without Flink: each resolved episode fans out to its scope
 * subsets ({@link ScopeFanOutFunction#votes}), each subset's state goes through the same
 * {@link TuningJudge}, and the engine's gate is looked up as {@link TuningOverrides} does (the most
 * specific override wins). Episodes must come in the job's event-time order.
 */
final class InProcessJudge<S> {
    private static final List<String> DIMS = List.of(Setup.SCOPE_DIM);
    private static final org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper MAPPER =
            new org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper();

    private final TuningJudge<S> judge;
    private final Map<String, S> states = new HashMap<>();
    private final Map<String, OverrideChange> current = new LinkedHashMap<>();
    private final Map<String, List<Double>> writtenTs = new HashMap<>();
    private TuningOverrides overrides = TuningOverrides.of(List.of());

    InProcessJudge(TuningJudge<S> judge) {
        this.judge = judge;
    }

    /** Takes one resolved episode; returns whether any override changed. */
    boolean take(Episode e) {
        boolean changed = false;
        for (Vote v : ScopeFanOutFunction.votes(e, DIMS, DIMS.size())) {
            S s = states.get(v.key);
            if (s == null) s = judge.newState();
            if (!judge.isEvidence(s, v)) continue;
            states.put(v.key, s);
            OverrideChange c = judge.onVote(s, v, TuningJudge.Listener.NONE);
            if (c != null) {
                current.put(v.key, c);
                writtenTs.computeIfAbsent(c.subsetJson, k -> new ArrayList<>()).add(c.tsMinMult);
                changed = true;
            }
        }
        if (changed) overrides = TuningOverrides.of(current.values().stream().map(InProcessJudge::override).toList());
        return changed;
    }

    private static TuningOverrides.Override override(OverrideChange c) {
        Map<String, String> subset = new java.util.TreeMap<>();
        try {
            MAPPER.readTree(c.subsetJson).fields().forEachRemaining(f -> subset.put(f.getKey(), f.getValue().asText()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not a JSON object: " + c.subsetJson, e);
        }
        return TuningOverrides.Override.proposal(c.patternKey, subset, c.subsetJson, c.tsMinMult, c.haloMult, c.aValueMult,
                c.evidenceEpisodes, c.decidedTs, c.version);
    }

    /** The ts_min multiplier the engine applies in {@code scope}. */
    double tsMinMult(Map<String, String> scope) {
        return overrides.resolve(EpisodeKind.S1_ENTRY.key, scope).tsMinMult();
    }

    /** The ts multipliers written, in order, for a subset's JSON. */
    List<Double> writtenTs(String subsetJson) {
        return writtenTs.getOrDefault(subsetJson, List.of());
    }
}

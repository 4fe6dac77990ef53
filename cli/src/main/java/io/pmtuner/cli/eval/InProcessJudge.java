package io.pmtuner.cli.eval;

import io.pmtuner.model.TunedGate;
import io.pmtuner.patterns.EpisodeKind;
import io.pmtuner.job.functions.ScopeFanOutFunction;
import io.pmtuner.client.TuningOverrides;
import io.pmtuner.core.tuning.OverrideChange;
import io.pmtuner.core.tuning.TuningJudge;
import io.pmtuner.core.tuning.Vote;
import io.pmtuner.model.Episode;
import io.pmtuner.core.tuning.calibrated.CalibratedGatesJudge;
import io.pmtuner.core.tuning.calibrated.CalibratedJudge;
import io.pmtuner.core.tuning.calibrated.LatticeJudge;
import io.pmtuner.core.tuning.calibrated.CalibratedJudgeState;
import io.pmtuner.core.tuning.calibrated.OwnKey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A judge mode played as the job plays it, without Flink: each resolved episode fans out to its scope
 * subsets ({@link ScopeFanOutFunction#votes}) in the order the job judges them (general to specific),
 * the calibrated mode over the lattice of subsets ({@link LatticeJudge}) and the spec mode key by key
 * through the same {@link TuningJudge}, and the engine's gate is looked up as {@link TuningOverrides}
 * does (the most specific override wins). Episodes must come in the job's event-time order.
 */
final class InProcessJudge<S> {
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final TuningJudge<S> judge;
    /** The calibrated judge over the lattice of subsets (docs/judges.md "Many scopes"), as the job runs it; null for a per-key mode. */
    private final LatticeJudge lattice;
    private final List<String> dims;
    private final int maxDims;
    private final Map<String, S> states = new HashMap<>();
    private final Map<String, CalibratedJudgeState> latticeStates = new HashMap<>();
    private final Map<String, OwnKey> owns = new HashMap<>();
    private final Map<String, OverrideChange> current = new LinkedHashMap<>();
    private final Map<String, List<Double>> writtenTs = new HashMap<>();
    private TuningOverrides overrides = TuningOverrides.of(List.of());

    /** {@code dims}, {@code maxDims}: the subsets an episode counts in, as the miner's options give them. */
    InProcessJudge(TuningJudge<S> judge, List<String> dims, int maxDims) {
        this.judge = judge;
        this.lattice = judge instanceof CalibratedGatesJudge c ? new LatticeJudge(c) : null;
        this.dims = dims;
        this.maxDims = maxDims;
    }

    /** Takes one resolved episode; returns whether any override changed. */
    boolean take(Episode e) {
        boolean changed = false;
        List<Vote> votes = new ArrayList<>(ScopeFanOutFunction.votes(e, EpisodeKind.of(e.patternKey).tuningKey, dims, maxDims));
        votes.sort(Vote::compareGeneralFirst);
        for (Vote v : votes) {
            OverrideChange c = lattice != null ? lattice.onVote(v, latticeStates(), owns(), TuningJudge.Listener.NONE) : perKey(v);
            if (c != null) {
                current.put(v.key, c);
                writtenTs.computeIfAbsent(c.subsetJson, k -> new ArrayList<>()).add(c.tsMinMult);
                changed = true;
            }
        }
        if (changed) overrides = TuningOverrides.of(current.values().stream().map(InProcessJudge::override).toList());
        return changed;
    }

    private OverrideChange perKey(Vote v) {
        S s = states.get(v.key);
        if (s == null) s = judge.newState();
        if (!judge.isEvidence(s, v)) return null;
        states.put(v.key, s);
        return judge.onVote(s, v, TuningJudge.Listener.NONE);
    }

    private LatticeJudge.States latticeStates() {
        return new LatticeJudge.States() {
            @Override
            public CalibratedJudgeState get(String subsetJson) {
                return latticeStates.get(subsetJson);
            }

            @Override
            public void put(String subsetJson, CalibratedJudgeState state) {
                latticeStates.put(subsetJson, state);
            }
        };
    }

    private LatticeJudge.Owns owns() {
        return new LatticeJudge.Owns() {
            @Override
            public OwnKey get(TunedGate gate, String subsetJson) {
                return owns.get(gate.gate + '\u001f' + subsetJson);
            }

            @Override
            public void put(TunedGate gate, String subsetJson, OwnKey key) {
                owns.put(gate.gate + '\u001f' + subsetJson, key);
            }
        };
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

    /** The a_value multiplier the engine applies in {@code scope}. */
    double aValueMult(Map<String, String> scope) {
        return overrides.resolve(EpisodeKind.S1_ENTRY.key, scope).aValueMult();
    }

    /** The ts multipliers written, in order, for a subset's JSON. */
    List<Double> writtenTs(String subsetJson) {
        return writtenTs.getOrDefault(subsetJson, List.of());
    }
}

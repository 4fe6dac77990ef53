package io.pmtuner.core.tuning.calibrated;

import io.pmtuner.core.tuning.OverrideChange;
import io.pmtuner.core.tuning.TuningJudge;
import io.pmtuner.model.TunedGate;
import io.pmtuner.core.tuning.Vote;
import io.pmtuner.model.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The calibrated judge over the lattice of one pattern's scope subsets (docs/judges.md "Many scopes"): the votes of the
 * pattern's keys in {@link Vote#compareGeneralFirst} order, each key judged by
 * {@link CalibratedGatesJudge} on its own data, a key that has not moved yet starting from what its
 * most specific moved parent applies. Pure: the Flink operator keeps the stores in keyed state (keyed by
 * the pattern), the in-process evaluation in maps, and both call this.
 */
public final class LatticeJudge implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The keys' states, by subset JSON. */
    public interface States {
        CalibratedJudgeState get(String subsetJson);

        void put(String subsetJson, CalibratedJudgeState state);
    }

    /** The keys that have moved, per gate and subset JSON. */
    public interface Owns {
        OwnKey get(TunedGate gate, String subsetJson);

        void put(TunedGate gate, String subsetJson, OwnKey key);
    }

    private final CalibratedGatesJudge judge;

    public LatticeJudge(CalibratedGatesJudge judge) {
        this.judge = judge;
    }

    public CalibratedGatesJudge gates() {
        return judge;
    }

    /** Takes one vote (after those before it in {@link Vote#compareGeneralFirst} order); returns the change it makes, or null. */
    public OverrideChange onVote(Vote v, States states, Owns owns, TuningJudge.Listener listener) {
        CalibratedJudgeState s = states.get(v.subsetJson);
        if (s == null) s = judge.newState();
        if (!judge.isEvidence(s, v)) return null;
        OverrideChange c = judge.onVote(s, v, listener, lattice(owns));
        states.put(v.subsetJson, s);
        return c;
    }

    private static Lattice lattice(Owns owns) {
        return new Lattice() {
            @Override
            public Inherited inherit(TunedGate gate, String subsetJson) {
                return resolve(owns, gate, subsetJson);
            }

            @Override
            public void moved(TunedGate gate, String subsetJson, double multiplier, long evidence, long decidedTs) {
                owns.put(gate, subsetJson, new OwnKey(multiplier, evidence, decidedTs));
            }
        };
    }

    /**
     * the engine's lookup among the moved keys of one gate: of the subsets of {@code subsetJson} (itself included), the
     * most specific that has moved; ties: more evidence, the later decision, the subset's text.
     */
    static Lattice.Inherited resolve(Owns owns, TunedGate gate, String subsetJson) {
        Map<String, String> subset = parse(subsetJson);
        List<String> dims = new ArrayList<>(subset.keySet());
        String best = null;
        OwnKey bestKey = null;
        int bestSize = -1;
        for (int mask = 0; mask < (1 << dims.size()); mask++) {
            Map<String, String> sub = new TreeMap<>();
            for (int i = 0; i < dims.size(); i++) if ((mask & (1 << i)) != 0) sub.put(dims.get(i), subset.get(dims.get(i)));
            String json = Json.stringMap(sub);
            OwnKey k = owns.get(gate, json);
            if (k == null) continue;
            int size = sub.size();
            boolean better = bestKey == null || size > bestSize
                    || size == bestSize && (k.evidence > bestKey.evidence
                    || k.evidence == bestKey.evidence && (k.decidedTs > bestKey.decidedTs
                    || k.decidedTs == bestKey.decidedTs && json.compareTo(best) < 0));
            if (better) {
                best = json;
                bestKey = k;
                bestSize = size;
            }
        }
        return bestKey == null ? Lattice.Inherited.NOTHING : new Lattice.Inherited(best, bestKey.multiplier);
    }

    private static Map<String, String> parse(String json) {
        Map<String, String> out = new TreeMap<>();
        try {
            JsonNode n = MAPPER.readTree(json);
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                out.put(f.getKey(), f.getValue().asText());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a scope subset: " + json, e);
        }
        return out;
    }
}

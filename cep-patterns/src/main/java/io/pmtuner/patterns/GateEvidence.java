package io.pmtuner.patterns;

import io.pmtuner.model.Episode;
import io.pmtuner.model.Gate;
import io.pmtuner.model.TunedGate;

import java.util.Map;

/**
 * What an episode tells the calibrated judge about one gate (docs/judges.md): the gate's implied multiplier
 * {@code value / base}, the multiplier at which it would just have let the setup through, provided
 * every other gate passed at the decision point (otherwise the gate did not decide the setup).
 */
public final class GateEvidence {
    public static final String TS = TunedGate.TS.gate;
    public static final String HALO = TunedGate.HALO.gate;

    private GateEvidence() {}

    /** Sets {@code tsImplied}, {@code haloImplied} and {@code baseMissing} of {@code e} from the decision point's gates. */
    public static void capture(Episode e, Map<String, Gate> gates) {
        e.tsImplied = implied(TS, gates);
        e.haloImplied = implied(HALO, gates);
        e.tsPassed = e.tsImplied == null ? null : gates.get(TS).pass;
        e.haloPassed = e.haloImplied == null ? null : gates.get(HALO).pass;
        e.baseMissing = lacksBase(TS, gates) || lacksBase(HALO, gates);
    }

    /** The implied multiplier of {@code gate}, or null when the episode is no evidence for it. */
    static Double implied(String gate, Map<String, Gate> gates) {
        if (!decidedBy(gate, gates)) return null;
        Gate g = gates.get(gate);
        if (g.base == null || g.base == 0) return null;
        double m = g.value / g.base;
        return Double.isFinite(m) ? m : null;
    }

    /** Whether {@code gate} would be evidence but for a missing (or zero) base. */
    static boolean lacksBase(String gate, Map<String, Gate> gates) {
        return decidedBy(gate, gates) && (gates.get(gate).base == null || gates.get(gate).base == 0);
    }

    private static boolean decidedBy(String gate, Map<String, Gate> gates) {
        if (gates == null || !gates.containsKey(gate)) return false;
        for (Map.Entry<String, Gate> other : gates.entrySet()) {
            if (!other.getKey().equals(gate) && !other.getValue().pass) return false;
        }
        return true;
    }
}

package io.pmtuner.core.tuning.evidence;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * The calibrated judge's evidence: the payoff it aimed at and its break-even rate, each gate's move with
 * the fit it rested on ({@code gates}, by gate name), and the size change, if any.
 */
public record CalibratedEvidence(List<String> rules, String patternKey, double payoffWin, double payoffLoss, double be,
                                 Map<String, GateMove> gates, @JsonInclude(JsonInclude.Include.NON_NULL) SizeChange size,
                                 String triggerEpisodeId, String triggerOutcomeTs) implements ChangeEvidence {

    /**
     * One gate's move: the multipliers, the fit {@code sigmoid(a + b (m - 1))} and its crossing {@code m_star}
     * with standard error {@code se}, the episodes held and the window around the gate; whether the key's gate
     * is its own and where it inherited from; the selection correction where it applied; a regime change.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GateMove(String rule, double oldMult, double newMult, double mStar, double se, double a, double b, int held, int blocks,
                           double windowHalfWidth, int windowEpisodes, Boolean own, String inheritedFrom, Double theta, Double f, Double pt,
                           RegimeChange regimeChange) {}

    /** A regime change before the move: the old blocks dropped, the test statistic, the newest blocks kept. */
    public record RegimeChange(int blocksDropped, double z, int newestBlocksKept) {}

    /** A change of {@code a_value_mult}: its rule, the multipliers, and the acted win rate over the acted episodes it rested on. */
    public record SizeChange(String rule, double oldMult, double newMult, double actedWinRate, long acted) {}

    /** The move of {@code gate}, or null when this change did not move it. */
    public GateMove gate(String gate) {
        return gates == null ? null : gates.get(gate);
    }
}

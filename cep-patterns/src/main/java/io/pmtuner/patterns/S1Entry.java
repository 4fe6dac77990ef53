package io.pmtuner.patterns;

import io.pmtuner.model.Action;
import io.pmtuner.model.Episode;
import io.pmtuner.model.Gate;
import io.pmtuner.model.Outcome;
import io.pmtuner.model.State;
import io.pmtuner.model.Tick;
import io.pmtuner.model.Transition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The S1 entry (README "Our readings: episodes"): S0 -> S1, decided by the first buy flag or the tick with the fewest failing gates. */
final class S1Entry extends EpisodeKind {
    private static final long serialVersionUID = 1L;

    /** S0 to S1, the S1 ticks and decisions that follow, then the first tick not in S1. */
    S1Entry() {
        super("pm.s1_entry", "pm.tuning.s1_gates", "cep-s1-entry", State.S1,
                S1Entry::starts, t -> t.isDecision() || t.state() == State.S1, t -> t.isTick() && t.state() != State.S1);
    }

    static boolean starts(Transition t) {
        // an S2 -> S1 flip has prevState S2 and so never starts one
        return t.isTick() && t.prevState == State.S0 && t.state() == State.S1;
    }

    /** The first tick of the window with the buy flag; without one, the tick with the fewest failing gates (ties: the latest), which the sequencer tracked across the run of S1 ticks. */
    @Override
    protected Tick decisionPoint(Transition start, List<Transition> window, Transition end) {
        if (start.tick.buyFlag) return start.tick;
        for (Transition t : window) {
            if (t.isTick() && t.tick.buyFlag) return t.tick;
        }
        return end.s1Best != null ? end.s1Best : start.tick;
    }

    /** Keeps the decision-point candidate of an S1 run (fewest failing gates, the latest of ties); hands it over on the tick that ends the run. */
    @Override
    public boolean remember(SeriesMemory memory, Transition tr, State before) {
        Tick t = tr.tick;
        Tick best = memory.s1Best();
        if (t.state == State.S1) {
            if (before != State.S1 || best == null || t.failingGates() <= best.failingGates()) memory.s1Best(t);
        } else if (best != null) {
            tr.s1Best = best;
            memory.s1Best(null);
        }
        return false;
    }

    /** Failing gates at the decision point, sorted; {@code ["pm"]} when the engine allowed a buy. */
    @Override
    protected List<String> blockedBy(Tick dp) {
        if (dp.buyFlag) return List.of(EpisodeFactory.BLOCKED_BY_PM);
        List<String> failing = new ArrayList<>();
        if (dp.gates != null) {
            for (Map.Entry<String, Gate> g : dp.gates.entrySet()) {
                if (!g.getValue().pass) failing.add(g.getKey());
            }
        }
        Collections.sort(failing);
        return failing;
    }

    /** S3 before S0 succeeds, S0 first fails; in S2, a profitable trim succeeds. */
    @Override
    protected void resolve(Episode e, Transition t) {
        State now = t.state();
        if (t.isTick()) {
            if (now == State.S3) {
                e.resolve(Outcome.SUCCESS, OutcomeRules.REACHED_S3, t.barTs);
            } else if (now == State.S0) {
                e.resolve(Outcome.FAILURE, OutcomeRules.RETURNED_S0, t.barTs);
            } else if (now == State.S2 && t.trimRose && t.tick.price > e.decisionPrice) {
                e.resolve(Outcome.SUCCESS, OutcomeRules.S2_PROFITABLE_TRIM, t.barTs);
            }
        } else if (now == State.S2 && t.decision.action == Action.TRIM
                && t.decision.pnl != null && t.decision.pnl > 0) {
            e.resolve(Outcome.SUCCESS, OutcomeRules.S2_PROFITABLE_TRIM, t.barTs);
        }
    }
}

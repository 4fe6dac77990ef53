package io.pmtuner.core.tuning.calibrated;

import io.pmtuner.core.tuning.ChangeBudget;
import io.pmtuner.core.tuning.JudgeParameters;
import io.pmtuner.core.tuning.OverrideChange;
import io.pmtuner.core.tuning.TuningJudge;
import io.pmtuner.core.tuning.Vote;
import io.pmtuner.model.TunedGate;
import io.pmtuner.core.tuning.calibrated.CalibratedJudge.Judgment;
import io.pmtuner.core.tuning.calibrated.CalibratedJudge.Move;
import io.pmtuner.model.Outcome;

import io.pmtuner.core.tuning.evidence.CalibratedEvidence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code calibrated} judge mode (docs/judges.md): the ts and halo gates of one {@code (pattern,
 * scope_subset)}, each calibrated by {@link CalibratedJudge}; a vote that moves either gate is one
 * change (README "Choosing a judge") with the evidence of each move. {@code a_value_mult} stays 1.0. Evidence is
 * never dropped by a move (the implied multiplier does not depend on the gate in force), only by the
 * ring and by a regime change.
 */
public final class CalibratedGatesJudge implements TuningJudge<CalibratedJudgeState> {
    private static final long serialVersionUID = 1L;
    public static final String REGIME_CHANGE = "regime_change";

    private final CalibratedJudge judge;
    private final JudgeParameters settings;

    public CalibratedGatesJudge(JudgeParameters settings) {
        this.settings = settings;
        this.judge = new CalibratedJudge(settings);
    }

    @Override
    public String stateName() {
        return "calibrated-judge";
    }

    @Override
    public Class<CalibratedJudgeState> stateClass() {
        return CalibratedJudgeState.class;
    }

    @Override
    public CalibratedJudgeState newState() {
        return new CalibratedJudgeState();
    }

    /** Success or failure, no data gap, and an implied multiplier for at least one gate (docs/judges.md). */
    @Override
    public boolean isEvidence(CalibratedJudgeState s, Vote v) {
        if (v.dataGap) return false;
        if (!v.decisive()) return false;
        return v.tsImplied != null || v.haloImplied != null;
    }

    @Override
    public OverrideChange onVote(CalibratedJudgeState s, Vote v, Listener listener) {
        return onVote(s, v, listener, Lattice.NONE);
    }

    /**
     * As {@link #onVote(CalibratedJudgeState, Vote, Listener)}, the key seeing the others of its pattern
     * through {@code lattice} (docs/judges.md "Many scopes"): with {@code --judge.inherit}, a gate that has not moved yet starts
     * from what its most specific moved parent applies.
     */
    public OverrideChange onVote(CalibratedJudgeState s, Vote v, Listener listener, Lattice lattice) {
        boolean success = v.outcome() == Outcome.SUCCESS;
        if (v.tsImplied != null) s.ts = inherit(judge.ready(s.ts, TunedGate.TS), TunedGate.TS, v, lattice);
        if (v.haloImplied != null) s.halo = inherit(judge.ready(s.halo, TunedGate.HALO), TunedGate.HALO, v, lattice);
        double oldTs = s.ts == null ? 1.0 : s.ts.multiplier();
        double oldHalo = s.halo == null ? 1.0 : s.halo.multiplier();
        double oldA = s.aValueMult > 0 ? s.aValueMult : 1.0;
        ChangeBudget budget = settings.budget();
        CalibratedJudge.Permit permit = new CalibratedJudge.Permit(budget.allows(s.budget, v.outcomeTs), judge.stepBins(budget.maxStep()));
        List<Move> moves = new ArrayList<>(2);
        List<Move> withheld = new ArrayList<>(0);
        Sizing sizing = null;
        if (v.tsImplied != null) {
            Judgment j = judge.observe(s.ts, TunedGate.TS, v.tsImplied, success, selection(v, v.tsPassed), permit);
            record(j, moves, withheld, listener);
            if (j != null && permit.allowed()) sizing = size(s, oldA);
        }
        if (v.haloImplied != null) {
            record(judge.observe(s.halo, TunedGate.HALO, v.haloImplied, success, selection(v, v.haloPassed), permit), moves, withheld, listener);
        }
        if (!withheld.isEmpty() && budget.firstHoldOfDay(s.budget, v.outcomeTs)) {
            listener.heldByBudget(change(s, v, oldTs, oldHalo, oldA, withheld, null, s.version + 1));
        }
        if (moves.isEmpty() && sizing == null) return null;
        if (sizing != null) s.aValueMult = sizing.newMult();
        budget.count(s.budget, v.outcomeTs);
        OverrideChange c = change(s, v, oldTs, oldHalo, oldA, moves, sizing, ++s.version);
        for (Move m : moves) lattice.moved(m.gate(), v.subsetJson, m.newMult(), c.evidenceEpisodes, c.decidedTs);
        return c;
    }

    /** A gate that has not moved takes its parents' position before new evidence (and forgets its direction). */
    private GateCalibration inherit(GateCalibration g, TunedGate kind, Vote v, Lattice lattice) {
        if (!settings.calibration().inherit() || g.own) return g;
        Lattice.Inherited from = lattice.inherit(kind, v.subsetJson);
        if (from == null) return g;
        g.position = Math.max(0, Math.min(g.bins, (int) Math.round((from.multiplier() - g.lo) / g.binWidth)));
        g.lastDirection = 0;
        g.inheritedFrom = from.from();
        return g;
    }

    /** What the PM did with an evidence episode for one gate: acted, skipped although the gate let it through, or blocked. */
    private static GateCalibration.Selection selection(Vote v, Boolean passed) {
        if (v.acted) return GateCalibration.Selection.ACTED;
        return Boolean.TRUE.equals(passed) ? GateCalibration.Selection.OPEN_SKIPPED : GateCalibration.Selection.BLOCKED;
    }

    /** A change of the size multiplier, with what it rests on: the acted win rate and how many acted episodes. */
    record Sizing(String rule, double oldMult, double newMult, double rate, long acted) {}

    /** --judge.size spec|payoff, judged with the ts gate; null when the size stays. */
    private Sizing size(CalibratedJudgeState s, double current) {
        if (settings.size() == JudgeParameters.Size.none || s.ts == null) return null;
        // a key writes no override before its gate is its own (docs/judges.md "Many scopes"): its size waits for that too
        if (settings.calibration().inherit() && !s.ts.own) return null;
        double target;
        double rate;
        long acted;
        if (settings.size() == JudgeParameters.Size.spec) {
            // the spec mode's rule (on the win rate) on the acted episodes the key holds
            long as = 0, n = 0;
            if (s.ts.totalActedSuccesses == null) return null;
            for (int i = 0; i < s.ts.bins + 2; i++) {
                as += s.ts.totalActedSuccesses[i];
                n += s.ts.totalActedSuccesses[i] + s.ts.totalActedFailures[i];
            }
            if (n < settings.minActed() || n == 0) return null;
            rate = as / (double) n;
            acted = n;
            if (rate <= settings.wrMin()) return null;
            target = Math.min(settings.aValueMultMax(), current * settings.aggressionStep());
            if (target <= current) return null;
        } else {
            // the Kelly fraction of the acted setups the gate lets through, against the stake a_value_mult 1.0 stands for
            double[] through = judge.actedRateThrough(s.ts, TunedGate.TS);
            rate = through[0];
            acted = (long) through[1];
            if (acted < settings.calibration().selectionMinCell() || Double.isNaN(rate)) return null;
            double kelly = rate / settings.payoffLoss() - (1 - rate) / settings.payoffWin();
            target = Math.max(settings.aValueMultMin(), Math.min(settings.aValueMultMax(), kelly / settings.sizeReference()));
            if (Math.abs(target - current) < 0.05) return null;
        }
        target = Math.round(target * 1_000_000d) / 1_000_000d;
        return new Sizing(settings.size() == JudgeParameters.Size.spec ? "size_wr" : "size_payoff", current, target, rate, acted);
    }

    /** The change {@code moves} (and {@code sizing}, if any) make to the key, as version {@code version}. */
    private OverrideChange change(CalibratedJudgeState s, Vote v, double oldTs, double oldHalo, double oldA, List<Move> moves, Sizing sizing,
                                  int version) {
        OverrideChange c = new OverrideChange();
        c.patternKey = v.tuningKey;
        c.subsetJson = v.subsetJson;
        c.version = version;
        c.decidedTs = v.outcomeTs;
        c.triggerEpisodeId = v.episodeId;
        List<String> rules = new ArrayList<>();
        if (moves.stream().anyMatch(Move::regimeChange)) rules.add(REGIME_CHANGE);
        moves.forEach(m -> rules.add(m.gate().rule()));
        if (moves.stream().anyMatch(Move::shortened)) rules.add(io.pmtuner.core.tuning.Judgment.MAX_STEP);
        if (sizing != null) rules.add(sizing.rule());
        c.rules = String.join(",", rules);
        c.evidenceEpisodes = moves.isEmpty() ? (s.ts == null ? 0 : s.ts.held) : moves.stream().mapToInt(Move::held).max().orElse(0);
        c.oldTsMinMult = oldTs;
        c.oldHaloMult = oldHalo;
        c.oldAValueMult = oldA;
        c.tsMinMult = moves.stream().filter(m -> m.gate() == TunedGate.TS).map(Move::newMult).findFirst().orElse(oldTs);
        c.haloMult = moves.stream().filter(m -> m.gate() == TunedGate.HALO).map(Move::newMult).findFirst().orElse(oldHalo);
        c.aValueMult = sizing != null ? sizing.newMult() : oldA;
        c.evidenceJson = evidence(s, v, rules, moves, sizing);
        return c;
    }

    private static void record(Judgment j, List<Move> moves, List<Move> withheld, Listener listener) {
        if (j == null) return;
        listener.judged();
        if (j.regimeChange()) listener.regimeChange();
        if (j.move() != null) moves.add(j.move()); else listener.held(j.hold().name());
        if (j.withheld() != null) withheld.add(j.withheld());
    }

    private String evidence(CalibratedJudgeState s, Vote trigger, List<String> rules, List<Move> moves, Sizing sizing) {
        Map<String, CalibratedEvidence.GateMove> gates = new LinkedHashMap<>();
        for (Move m : moves) {
            GateCalibration state = m.gate() == TunedGate.TS ? s.ts : s.halo;
            CalibratedJudge.Selection sel = m.selection();
            gates.put(m.gate().gate, new CalibratedEvidence.GateMove(m.gate().rule(), m.oldMult(), m.newMult(), m.mStar(), m.se(), m.a(), m.b(),
                    m.held(), m.blocks(), m.halfWidth(), m.windowEpisodes(),
                    state == null ? null : state.own, state == null ? null : state.inheritedFrom,
                    sel.applied() ? sel.theta() : null, sel.applied() ? sel.f() : null, sel.applied() ? sel.pt() : null,
                    m.regimeChange() ? new CalibratedEvidence.RegimeChange(m.regimeDropped(), m.regimeZ(), m.regimeR()) : null));
        }
        CalibratedEvidence.SizeChange size = sizing == null ? null
                : new CalibratedEvidence.SizeChange(sizing.rule(), sizing.oldMult(), sizing.newMult(), sizing.rate(), sizing.acted());
        return new CalibratedEvidence(rules, trigger.patternKey, settings.payoffWin(), settings.payoffLoss(), judge.breakEven(), gates, size,
                trigger.episodeId, Instant.ofEpochMilli(trigger.outcomeTs).toString()).toJson();
    }
}

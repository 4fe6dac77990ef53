package io.pmtuner.core.tuning.calibrated;

import io.pmtuner.core.tuning.ChangeBudget;
import io.pmtuner.core.tuning.JudgeParameters;
import io.pmtuner.core.tuning.OverrideChange;
import io.pmtuner.core.tuning.TuningJudge;
import io.pmtuner.job.tuning.Vote;
import io.pmtuner.core.tuning.calibrated.CalibratedJudge.GateKind;
import io.pmtuner.core.tuning.calibrated.CalibratedJudge.Judgment;
import io.pmtuner.core.tuning.calibrated.CalibratedJudge.Move;
import io.pmtuner.model.Episode;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import io.pmtuner.job.tuning.calibrated.CalibratedJudgeState;

/**
 * The {@code calibrated} judge mode (SPEC 10): the ts and halo gates of one {@code (pattern,
 * scope_subset)}, each calibrated by {@link CalibratedJudge}; a vote that moves either gate is one
 * change (SPEC 6.7) with the evidence of each move. {@code a_value_mult} stays 1.0. Evidence is
 * never dropped by a move (the implied multiplier does not depend on the gate in force), only by the
 * ring and by a regime change.
 */
public final class CalibratedGatesJudge implements TuningJudge<CalibratedJudgeState> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper MAPPER = new ObjectMapper();
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

    /** Success or failure, no data gap, and an implied multiplier for at least one gate (SPEC 10). */
    @Override
    public boolean isEvidence(CalibratedJudgeState s, Vote v) {
        if (v.dataGap) return false;
        if (!Episode.SUCCESS.equals(v.outcome) && !Episode.FAILURE.equals(v.outcome)) return false;
        return v.tsImplied != null || v.haloImplied != null;
    }

    @Override
    public OverrideChange onVote(CalibratedJudgeState s, Vote v, Listener listener) {
        boolean success = Episode.SUCCESS.equals(v.outcome);
        double oldTs = s.ts == null ? 1.0 : s.ts.multiplier();
        double oldHalo = s.halo == null ? 1.0 : s.halo.multiplier();
        ChangeBudget budget = settings.budget();
        CalibratedJudge.Permit permit = new CalibratedJudge.Permit(budget.allows(s.budget, v.outcomeTs), judge.stepBins(budget.maxStep()));
        List<Move> moves = new ArrayList<>(2);
        List<Move> withheld = new ArrayList<>(0);
        if (v.tsImplied != null) {
            s.ts = judge.ready(s.ts, GateKind.TS);
            record(judge.observe(s.ts, GateKind.TS, v.tsImplied, success, permit), moves, withheld, listener);
        }
        if (v.haloImplied != null) {
            s.halo = judge.ready(s.halo, GateKind.HALO);
            record(judge.observe(s.halo, GateKind.HALO, v.haloImplied, success, permit), moves, withheld, listener);
        }
        if (!withheld.isEmpty() && budget.firstHoldOfDay(s.budget, v.outcomeTs)) {
            listener.heldByBudget(change(s, v, oldTs, oldHalo, withheld, s.version + 1));
        }
        if (moves.isEmpty()) return null;
        budget.count(s.budget, v.outcomeTs);
        return change(s, v, oldTs, oldHalo, moves, ++s.version);
    }

    /** The change {@code moves} make to the key, as version {@code version}. */
    private OverrideChange change(CalibratedJudgeState s, Vote v, double oldTs, double oldHalo, List<Move> moves, int version) {
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
        c.rules = String.join(",", rules);
        c.evidenceEpisodes = moves.stream().mapToInt(Move::held).max().orElse(0);
        c.oldTsMinMult = oldTs;
        c.oldHaloMult = oldHalo;
        c.oldAValueMult = 1.0;
        c.tsMinMult = moves.stream().filter(m -> m.gate() == GateKind.TS).map(Move::newMult).findFirst().orElse(oldTs);
        c.haloMult = moves.stream().filter(m -> m.gate() == GateKind.HALO).map(Move::newMult).findFirst().orElse(oldHalo);
        c.aValueMult = 1.0;
        c.evidenceJson = evidence(v, rules, moves);
        return c;
    }

    private static void record(Judgment j, List<Move> moves, List<Move> withheld, Listener listener) {
        if (j == null) return;
        listener.judged();
        if (j.regimeChange()) listener.regimeChange();
        if (j.move() != null) moves.add(j.move()); else listener.held(j.hold().name());
        if (j.withheld() != null) withheld.add(j.withheld());
    }

    private String evidence(Vote trigger, List<String> rules, List<Move> moves) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("mode", JudgeParameters.Mode.calibrated.name());
        o.putArray("rules").addAll(rules.stream().map(o::textNode).toList());
        o.put("pattern_key", trigger.patternKey);
        o.put("payoff_win", settings.payoffWin());
        o.put("payoff_loss", settings.payoffLoss());
        o.put("be", judge.breakEven());
        ObjectNode gates = o.putObject("gates");
        for (Move m : moves) {
            ObjectNode g = gates.putObject(m.gate().gate);
            g.put("rule", m.gate().rule());
            g.put("old_mult", m.oldMult());
            g.put("new_mult", m.newMult());
            g.put("m_star", m.mStar());
            g.put("se", m.se());
            g.put("a", m.a());
            g.put("b", m.b());
            g.put("held", m.held());
            g.put("blocks", m.blocks());
            g.put("window_half_width", m.halfWidth());
            g.put("window_episodes", m.windowEpisodes());
            if (m.regimeChange()) {
                ObjectNode r = g.putObject(REGIME_CHANGE);
                r.put("blocks_dropped", m.regimeDropped());
                r.put("z", m.regimeZ());
                r.put("newest_blocks_kept", m.regimeR());
            }
        }
        o.put("trigger_episode_id", trigger.episodeId);
        o.put("trigger_outcome_ts", Instant.ofEpochMilli(trigger.outcomeTs).toString());
        return o.toString();
    }
}

package io.pmtuner.patterns;

import io.pmtuner.model.Action;
import io.pmtuner.model.Episode;
import io.pmtuner.model.Outcome;
import io.pmtuner.model.State;
import io.pmtuner.model.Tick;
import io.pmtuner.model.Transition;

import java.util.List;

/** The S3 retest (README "Our readings: episodes"): a buy flag rising in S3, decided at its start tick. */
final class S3Retest extends EpisodeKind {
    private static final long serialVersionUID = 1L;

    /** A buy flag rising in S3 (or the first S3 tick already flagged), until the flag falls or S3 ends. */
    S3Retest() {
        super("pm.s3_retest", "pm.tuning.s3_gates", "cep-s3-retest", State.S3, S3Retest::starts,
                t -> t.isDecision() || (t.state() == State.S3 && t.tick.buyFlag), t -> t.isTick() && (t.state() != State.S3 || !t.tick.buyFlag));
    }

    static boolean starts(Transition t) {
        return t.isTick() && t.state() == State.S3 && t.tick.buyFlag && t.retestIndex > 0;
    }

    /** Numbers the retests of an S3 run: a buy flag rising in S3, or the first S3 tick already flagged; a numbered tick goes to CEP. */
    @Override
    public boolean remember(SeriesMemory memory, Transition tr, State before) {
        Tick t = tr.tick;
        if (t.state != State.S3 || before != State.S3) memory.retestCount(0);
        if (t.state == State.S3 && t.buyFlag && (before != State.S3 || tr.buyRose)) {
            memory.retestCount(memory.retestCount() + 1);
            tr.retestIndex = memory.retestCount();
        }
        return tr.retestIndex > 0;
    }

    @Override
    protected Tick decisionPoint(Transition start, List<Transition> window, Transition end) {
        return start.tick;
    }

    @Override
    protected List<String> blockedBy(Tick dp) {
        return List.of(EpisodeFactory.BLOCKED_BY_PM);
    }

    @Override
    protected int retestIndex(Transition start) {
        return start.retestIndex;
    }

    /** A trim on the start tick itself counts. */
    @Override
    protected boolean startCanResolve() {
        return true;
    }

    /** A trim signal at or after the start before S0 succeeds; S0 first fails. */
    @Override
    protected void resolve(Episode e, Transition t) {
        State now = t.state();
        if (now == State.S0) {
            e.resolve(Outcome.FAILURE, OutcomeRules.RETURNED_S0, t.barTs);
        } else if (t.isTick() ? t.trimRose : (t.decision.action == Action.TRIM && t.seq >= e.startSeq)) {
            e.resolve(Outcome.SUCCESS, OutcomeRules.TRIM_SIGNAL, t.barTs);
        }
    }
}

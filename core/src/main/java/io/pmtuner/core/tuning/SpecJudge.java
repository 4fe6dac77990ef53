package io.pmtuner.core.tuning;



/**
 * The {@code spec} judge mode: rate rules ({@link JudgeRules}) over an evidence window that
 * restarts after each change; only episodes decided after the change count for the next one.
 */
public final class SpecJudge implements TuningJudge<JudgeState> {
    /** The name of its keyed state ({@link JudgeState}). */
    public static final String STATE_NAME = "judge";

    private static final long serialVersionUID = 1L;
    /** The reason of a judgment the change budget held. */
    public static final String BUDGET = "budget";

    private final JudgeParameters settings;
    private final boolean withDataGap;

    public SpecJudge(JudgeParameters settings, boolean withDataGap) {
        this.settings = settings;
        this.withDataGap = withDataGap;
    }

    @Override
    public String stateName() {
        return STATE_NAME;
    }

    @Override
    public Class<JudgeState> stateClass() {
        return JudgeState.class;
    }

    @Override
    public JudgeState newState() {
        return new JudgeState();
    }

    @Override
    public boolean isEvidence(JudgeState s, Vote v) {
        return s.isEvidence(v, withDataGap);
    }

    @Override
    public OverrideChange onVote(JudgeState s, Vote v, Listener listener) {
        s.window.add(v);
        listener.judged();
        Judgment j = JudgeRules.judge(s, settings);
        if (j == null || s.hasMultipliersOf(j)) return null;
        ChangeBudget budget = settings.budget();
        j = s.limit(j, budget);
        OverrideChange c = Evidence.change(v, s, j);
        if (!budget.allows(s.budget, v.outcomeTs)) {
            listener.held(BUDGET);
            if (budget.firstHoldOfDay(s.budget, v.outcomeTs)) listener.heldByBudget(c);
            return null; // the evidence window goes on: the next judgment has more
        }
        budget.count(s.budget, v.outcomeTs);
        s.change(j, v.outcomeTs);
        return c;
    }
}

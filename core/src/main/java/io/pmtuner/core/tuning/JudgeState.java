package io.pmtuner.core.tuning;


/**
 * What the judge keeps per {@code (pattern, scope_subset)}: the current multipliers and the evidence
 * gathered since the last change (README "Choosing a judge"). Keyed state: fields must stay savepoint-compatible.
 */
public class JudgeState {
    public double tsMinMult = 1.0;
    public double haloMult = 1.0;
    public double aValueMult = 1.0;
    /** Number of changes so far. */
    public int version;
    /** Event time of the last change; only episodes decided after it are evidence. Null before any. */
    public Long decidedTs;
    /** The evidence window: episodes resolved success or failure, decided after the last change. */
    public Quadrants window = new Quadrants();
    /** Changes in the current event-time day, against the change budget. */
    public BudgetCounter budget = new BudgetCounter();

    public JudgeState() {}

    /** Whether a vote is evidence for the next judgment: success or failure, decided under the current gates. */
    public boolean isEvidence(Vote v, boolean withDataGap) {
        if (v.dataGap && !withDataGap) return false;
        if (!v.decisive()) return false;
        return decidedTs == null || v.decisionTs > decidedTs;
    }

    /** Whether {@code j} asks for the multipliers in force. */
    public boolean hasMultipliersOf(Judgment j) {
        return j.tsMinMult() == tsMinMult && j.haloMult() == haloMult && j.aValueMult() == aValueMult;
    }

    /** {@code j} with each multiplier moving at most the budget's largest step from the one in force (rule max_step added when that shortened it). */
    public Judgment limit(Judgment j, ChangeBudget budget) {
        Judgment limited = new Judgment(budget.step(tsMinMult, j.tsMinMult()), budget.step(haloMult, j.haloMult()),
                budget.step(aValueMult, j.aValueMult()), j.rules());
        return limited.equals(j) ? j : limited.withRule(Judgment.MAX_STEP);
    }

    /** Takes on a judgment's multipliers and starts a new evidence window after {@code ts}. */
    public void change(Judgment j, long ts) {
        tsMinMult = j.tsMinMult();
        haloMult = j.haloMult();
        aValueMult = j.aValueMult();
        version++;
        decidedTs = ts;
        window = new Quadrants();
    }
}

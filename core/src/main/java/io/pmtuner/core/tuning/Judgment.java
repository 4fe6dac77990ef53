package io.pmtuner.core.tuning;

import java.util.List;
import io.pmtuner.job.tuning.JudgeState;

/** What the judge's rules ask for: the clamped multipliers and the rules that fired. */
public record Judgment(double tsMinMult, double haloMult, double aValueMult, List<String> rules) {
    /** The rule added to a judgment whose move the change budget's largest step shortened. */
    public static final String MAX_STEP = "max_step";

    public boolean sameMultipliers(JudgeState s) {
        return tsMinMult == s.tsMinMult && haloMult == s.haloMult && aValueMult == s.aValueMult;
    }

    /** This judgment with each multiplier moving at most the budget's largest step from {@code s}'s. */
    public Judgment limited(JudgeState s, ChangeBudget budget) {
        Judgment j = new Judgment(budget.step(s.tsMinMult, tsMinMult), budget.step(s.haloMult, haloMult), budget.step(s.aValueMult, aValueMult), rules);
        if (j.equals(this)) return this;
        List<String> r = new java.util.ArrayList<>(rules);
        r.add(MAX_STEP);
        return new Judgment(j.tsMinMult, j.haloMult, j.aValueMult, List.copyOf(r));
    }
}

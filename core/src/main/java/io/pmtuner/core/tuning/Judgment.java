package io.pmtuner.core.tuning;

import java.util.List;
import io.pmtuner.job.tuning.JudgeState;

/** What the judge's rules ask for: the clamped multipliers and the rules that fired. */
public record Judgment(double tsMinMult, double haloMult, double aValueMult, List<String> rules) {
    public boolean sameMultipliers(JudgeState s) {
        return tsMinMult == s.tsMinMult && haloMult == s.haloMult && aValueMult == s.aValueMult;
    }
}

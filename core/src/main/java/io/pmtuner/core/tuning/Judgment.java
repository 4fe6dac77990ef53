package io.pmtuner.core.tuning;

import java.util.List;

/** What the judge's rules ask for: the clamped multipliers and the rules that fired. */
public record Judgment(double tsMinMult, double haloMult, double aValueMult, List<String> rules) {
    /** The rule added to a judgment whose move the change budget's largest step shortened. */
    public static final String MAX_STEP = "max_step";

    /** This judgment with {@code rule} added to the rules that fired. */
    public Judgment withRule(String rule) {
        List<String> r = new java.util.ArrayList<>(rules);
        r.add(rule);
        return new Judgment(tsMinMult, haloMult, aValueMult, List.copyOf(r));
    }
}

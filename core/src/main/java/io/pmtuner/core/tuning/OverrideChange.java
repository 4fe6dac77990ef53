package io.pmtuner.core.tuning;

/** One change of an override: a row of {@code pm_override_history} and the new {@code pm_overrides} row. */
public class OverrideChange {
    public static final String CATEGORY = "tuning";

    /** The override key ({@code pm.tuning.s1_gates}): the tuning key of the episode pattern the judged votes came from. */
    public String patternKey;
    public String subsetJson;
    public int version;
    /** The outcome time of the episode whose resolution triggered the change. */
    public long decidedTs;
    public String triggerEpisodeId;
    /** The rules that fired, comma separated. */
    public String rules;
    /** Success and failure episodes in the evidence window: how much the override rests on. */
    public long evidenceEpisodes;
    public String evidenceJson;
    public double oldTsMinMult;
    public double oldHaloMult;
    public double oldAValueMult;
    public double tsMinMult;
    public double haloMult;
    public double aValueMult;

    public OverrideChange() {}
}

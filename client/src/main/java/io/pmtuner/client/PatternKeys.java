package io.pmtuner.client;

import java.util.Map;

/**
 * The built-in episode patterns and the override keys they drive, for an engine's code to name them.
 * The database's {@code pm_patterns} is what a loaded {@link TuningOverrides} knows; a test checks this
 * copy against it and against the job's patterns.
 */
public final class PatternKeys {
    public static final String S1_ENTRY = "pm.s1_entry";
    public static final String S3_RETEST = "pm.s3_retest";
    public static final String S1_GATES = "pm.tuning.s1_gates";
    public static final String S3_GATES = "pm.tuning.s3_gates";

    /** Episode pattern -> override key. */
    public static final Map<String, String> TUNING_KEYS = Map.of(S1_ENTRY, S1_GATES, S3_RETEST, S3_GATES);

    private PatternKeys() {}
}

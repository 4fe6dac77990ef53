package io.pmtuner.client;

/** The pattern keys of SPEC 1 and the override keys they drive (SPEC 6). */
public final class PatternKeys {
    public static final String S1_ENTRY = "pm.s1_entry";
    public static final String S3_RETEST = "pm.s3_retest";
    public static final String S1_GATES = "pm.tuning.s1_gates";
    public static final String S3_GATES = "pm.tuning.s3_gates";

    private PatternKeys() {}

    /** The override key an episode pattern drives; any other key is returned as it is. */
    public static String tuningKeyOf(String patternKey) {
        if (S1_ENTRY.equals(patternKey)) return S1_GATES;
        if (S3_RETEST.equals(patternKey)) return S3_GATES;
        return patternKey;
    }

    /** Whether {@code key} is a pattern or an override key the overrides answer for. */
    public static boolean known(String key) {
        String k = tuningKeyOf(key);
        return S1_GATES.equals(k) || S3_GATES.equals(k);
    }
}

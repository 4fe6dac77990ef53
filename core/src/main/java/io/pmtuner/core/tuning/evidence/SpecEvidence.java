package io.pmtuner.core.tuning.evidence;

import java.util.List;
import java.util.Map;

/**
 * The spec judge's evidence: the quadrant counts and rates of the evidence window its rules looked at,
 * the gates that blocked the missed episodes, and where the window began ({@code window_after}, null for
 * a key's first change). A rate is null where nothing was counted.
 */
public record SpecEvidence(List<String> rules, String patternKey, long n, long nActed, long nSkipped,
                           long nActedSuccess, long nActedFailure, long nSkippedSuccess, long nSkippedFailure,
                           Double wr, Double fpr, Double mr, Double dr, Map<String, Long> missedBlockedBy,
                           String windowAfter, String triggerEpisodeId, String triggerOutcomeTs) implements ChangeEvidence {}

package io.pmtuner.core.tuning;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import io.pmtuner.core.tuning.evidence.SpecEvidence;

/** Writes down why the spec judge changed an override: the change, and its {@link SpecEvidence}. */
public final class Evidence {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Evidence() {}

    /** The change {@code j} makes to {@code s}, triggered by {@code trigger}; {@code s} is not modified. */
    public static OverrideChange change(Vote trigger, JudgeState s, Judgment j) {
        OverrideChange c = new OverrideChange();
        c.patternKey = trigger.tuningKey;
        c.subsetJson = trigger.subsetJson;
        c.version = s.version + 1;
        c.decidedTs = trigger.outcomeTs;
        c.triggerEpisodeId = trigger.episodeId;
        c.rules = String.join(",", j.rules());
        c.evidenceEpisodes = s.window.total();
        c.oldTsMinMult = s.tsMinMult;
        c.oldHaloMult = s.haloMult;
        c.oldAValueMult = s.aValueMult;
        c.tsMinMult = j.tsMinMult();
        c.haloMult = j.haloMult();
        c.aValueMult = j.aValueMult();
        c.evidenceJson = json(trigger, s, j);
        return c;
    }

    private static String json(Vote trigger, JudgeState s, Judgment j) {
        Quadrants w = s.window;
        return new SpecEvidence(j.rules(), trigger.patternKey, w.total(), w.acted(), w.skipped(), w.actedSuccess, w.actedFailure,
                w.skippedSuccess, w.skippedFailure, w.wr(), w.fpr(), w.mr(), w.dr(), new TreeMap<>(w.missedBlockedBy),
                s.decidedTs == null ? null : Instant.ofEpochMilli(s.decidedTs).toString(), trigger.episodeId,
                Instant.ofEpochMilli(trigger.outcomeTs).toString()).toJson();
    }

    /** Counts per gate as a JSON object, gates in name order (stored in lessons and evidence alike). */
    public static ObjectNode gateCounts(Map<String, Long> counts) {
        ObjectNode o = MAPPER.createObjectNode();
        new TreeMap<>(counts).forEach(o::put);
        return o;
    }

}

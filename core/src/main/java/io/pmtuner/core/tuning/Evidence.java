package io.pmtuner.core.tuning;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import io.pmtuner.job.tuning.JudgeState;
import io.pmtuner.job.tuning.Quadrants;
import io.pmtuner.job.tuning.Vote;

/** Writes down why the judge changed an override: the {@code evidence} document of the table contract. */
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
        ObjectNode o = MAPPER.createObjectNode();
        o.putArray("rules").addAll(j.rules().stream().map(o::textNode).toList());
        o.put("pattern_key", trigger.patternKey);
        o.put("n", w.total());
        o.put("n_acted", w.acted());
        o.put("n_skipped", w.skipped());
        o.put("n_acted_success", w.actedSuccess);
        o.put("n_acted_failure", w.actedFailure);
        o.put("n_skipped_success", w.skippedSuccess);
        o.put("n_skipped_failure", w.skippedFailure);
        rate(o, "wr", w.wr());
        rate(o, "fpr", w.fpr());
        rate(o, "mr", w.mr());
        rate(o, "dr", w.dr());
        o.set("missed_blocked_by", gateCounts(w.missedBlockedBy));
        if (s.decidedTs == null) o.putNull("window_after"); else o.put("window_after", Instant.ofEpochMilli(s.decidedTs).toString());
        o.put("trigger_episode_id", trigger.episodeId);
        o.put("trigger_outcome_ts", Instant.ofEpochMilli(trigger.outcomeTs).toString());
        return o.toString();
    }

    /** Counts per gate as a JSON object, gates in name order (stored in lessons and evidence alike). */
    public static ObjectNode gateCounts(Map<String, Long> counts) {
        ObjectNode o = MAPPER.createObjectNode();
        new TreeMap<>(counts).forEach(o::put);
        return o;
    }

    private static void rate(ObjectNode o, String name, Double value) {
        if (value == null) o.putNull(name); else o.put(name, value);
    }
}

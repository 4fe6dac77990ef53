package io.pmtuner.patterns;

import io.pmtuner.model.Gate;
import io.pmtuner.model.Tick;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code factors} document of an episode (README "Our readings: episodes"): everything the decision point showed, plus
 * the window's extent. Keys are written in sorted order so that the same episode always gives the
 * same text.
 */
final class Factors {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Factors() {}

    static String json(Tick dp, List<String> blockedBy, long firstSeq, long lastSeq, long firstTs, long lastTs,
                       long ticks, int retestIndex) {
        ObjectNode f = MAPPER.createObjectNode();
        f.put("price", dp.price);
        f.put("atr", dp.atr);
        if (dp.aValue != null) f.put("a_value", dp.aValue); else f.putNull("a_value");
        f.put("buy_flag", dp.buyFlag);
        f.put("decision_seq", dp.seq);
        f.put("decision_ts", Instant.ofEpochMilli(dp.barTs).toString());
        ObjectNode scores = f.putObject("scores");
        if (dp.scores != null) new TreeMap<>(dp.scores).forEach(scores::put);
        ObjectNode gates = f.putObject("gates");
        if (dp.gates != null) {
            for (Map.Entry<String, Gate> g : new TreeMap<>(dp.gates).entrySet()) {
                ObjectNode o = gates.putObject(g.getKey());
                o.put("value", g.getValue().value);
                o.put("threshold", g.getValue().threshold);
                o.put("pass", g.getValue().pass);
                if (g.getValue().base != null) o.put("base", g.getValue().base);
            }
        }
        if (blockedBy == null) {
            f.putNull("blocked_by");
        } else {
            ArrayNode b = f.putArray("blocked_by");
            blockedBy.forEach(b::add);
        }
        f.put("window_first_seq", firstSeq);
        f.put("window_last_seq", lastSeq);
        f.put("window_first_ts", Instant.ofEpochMilli(firstTs).toString());
        f.put("window_last_ts", Instant.ofEpochMilli(lastTs).toString());
        f.put("window_ticks", ticks);
        if (retestIndex > 0) f.put("retest_index", retestIndex);
        return f.toString();
    }
}

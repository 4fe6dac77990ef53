package io.pmtuner.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.TreeMap;

/** The JSON texts the tables store for series and scopes, with keys in a stable order. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    public static String series(Series s) {
        if (s == null) return null;
        ObjectNode o = MAPPER.createObjectNode();
        o.put("book", s.book);
        o.put("chain", s.chain);
        o.put("contract", s.contract);
        o.put("timeframe", s.timeframe);
        return o.toString();
    }

    public static String stringMap(Map<String, String> m) {
        ObjectNode o = MAPPER.createObjectNode();
        if (m != null) new TreeMap<>(m).forEach(o::put);
        return o.toString();
    }
}

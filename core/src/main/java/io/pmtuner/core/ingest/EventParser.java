package io.pmtuner.core.ingest;

import io.pmtuner.model.Action;
import io.pmtuner.model.Decision;
import io.pmtuner.model.EngineEvent;
import io.pmtuner.model.Gate;
import io.pmtuner.model.Reject;
import io.pmtuner.model.RejectReason;
import io.pmtuner.model.Series;
import io.pmtuner.model.State;
import io.pmtuner.model.Tick;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses and validates one line of contract v1 (README "The event contract") into an {@link EngineEvent}, or says why not.
 * A valid line takes the streaming fast path ({@link StreamingEventReader}); whatever that path is not
 * sure of goes through the tree, which alone decides rejects. Only the checks a single line allows live here; the ones that need the series' history
 * (duplicates, regressions, illegal changes, lateness) are the sequencer's.
 */
public final class EventParser implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int CONTRACT_VERSION = 1;

    // NaN and Infinity literals are parsed so that they can be rejected as non_finite, not malformed.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    public ParseResult parse(String line) {
        EngineEvent fast = StreamingEventReader.read(line);
        return fast != null ? ParseResult.ok(fast) : parseTree(line);
    }

    /** The reference parse: a tree, then typed reads in a fixed order, so that a line's first fault is its reason. */
    ParseResult parseTree(String line) {
        JsonNode root;
        try {
            root = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            return reject(line, null, RejectReason.MALFORMED_JSON, firstLine(e.getOriginalMessage()), null);
        }
        if (root == null || !root.isObject()) {
            return reject(line, null, RejectReason.MALFORMED_JSON, "not a JSON object", null);
        }
        try {
            return ParseResult.ok(read((ObjectNode) root, line));
        } catch (Invalid e) {
            JsonNode series = root.get("series");
            String seriesJson = series != null && series.isObject() ? series.toString() : null;
            return reject(line, seriesJson, e.reason, e.getMessage(), e.eventTs);
        }
    }

    private static ParseResult reject(String raw, String series, RejectReason r, String detail, Long ts) {
        return ParseResult.rejected(new Reject(raw, series, r.code(), detail, ts));
    }

    private EngineEvent read(ObjectNode root, String raw) throws Invalid {
        Reader in = new Reader(root, null);
        long v = in.integer("v");
        if (v != CONTRACT_VERSION) {
            throw new Invalid(RejectReason.UNSUPPORTED_VERSION, "v=" + v + ", this job reads v=" + CONTRACT_VERSION, null);
        }
        String type = in.string("type");
        Reader s = in.object("series");
        Series series = new Series(s.string("book"), s.string("chain"), s.string("contract"), s.string("timeframe"));
        long barTs = in.instant("bar_ts");
        in.eventTs = barTs;
        long seq = in.integer("seq");

        EngineEvent e = new EngineEvent();
        e.series = series;
        e.seriesKey = series.key();
        e.barTs = barTs;
        e.seq = seq;
        e.setRaw(raw);
        switch (type) {
            case "tick":
                e.tick = readTick(in, seq, barTs);
                e.prevState = in.optionalState("prev_state");
                break;
            case "decision":
                e.decision = readDecision(in);
                break;
            default:
                throw new Invalid(RejectReason.UNKNOWN_TYPE, "type '" + type + "' is neither tick nor decision", barTs);
        }
        return e;
    }

    private static Tick readTick(Reader in, long seq, long barTs) throws Invalid {
        Tick t = new Tick();
        t.seq = seq;
        t.barTs = barTs;
        t.state = in.state("state");
        t.price = in.number("price");
        t.atr = in.number("atr");
        t.buyFlag = in.bool("buy_flag");
        t.trimFlag = in.bool("trim_flag");
        t.aValue = in.optionalNumber("a_value");
        t.engineVersion = in.optionalString("engine_version");
        t.scores = readScores(in.optionalObject("scores"));
        t.gates = readGates(in.optionalObject("gates"));
        t.scope = readScope(in.optionalObject("scope"));
        return t;
    }

    private static Decision readDecision(Reader in) throws Invalid {
        Decision d = new Decision();
        String action = in.string("action");
        d.action = Action.parse(action);
        if (d.action == null) {
            throw new Invalid(RejectReason.UNKNOWN_ACTION, "action '" + action + "'", in.eventTs);
        }
        d.tradeId = in.optionalString("trade_id");
        d.sizeFrac = in.optionalNumber("size_frac");
        d.pnl = in.optionalNumber("pnl");
        d.reason = in.optionalString("reason");
        return d;
    }

    private static Map<String, Double> readScores(Reader r) throws Invalid {
        Map<String, Double> m = new LinkedHashMap<>();
        if (r == null) return m;
        for (Iterator<String> it = r.node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (r.node.get(name).isNull()) continue; // absent ones are absent
            m.put(name, r.number(name));
        }
        return m;
    }

    private static Map<String, Gate> readGates(Reader r) throws Invalid {
        Map<String, Gate> m = new LinkedHashMap<>();
        if (r == null) return m;
        for (Iterator<String> it = r.node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            Reader g = r.object(name);
            m.put(name, new Gate(g.number("value"), g.number("threshold"), g.bool("pass"), g.optionalNumber("base")));
        }
        return m;
    }

    private static Map<String, String> readScope(Reader r) throws Invalid {
        Map<String, String> m = new LinkedHashMap<>();
        if (r == null) return m;
        for (Iterator<String> it = r.node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            m.put(name, r.string(name));
        }
        return m;
    }

    private static String firstLine(String s) {
        if (s == null) return "not JSON";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A validation failure with its reason code. */
    static final class Invalid extends Exception {
        final RejectReason reason;
        final Long eventTs;

        Invalid(RejectReason reason, String detail, Long eventTs) {
            super(detail, null, false, false);
            this.reason = reason;
            this.eventTs = eventTs;
        }
    }

    /** Typed access to the fields of one JSON object, turning every deviation into an {@link Invalid}. */
    private static final class Reader {
        final JsonNode node;
        final String path;
        Long eventTs;

        Reader(JsonNode node, String path) {
            this.node = node;
            this.path = path;
        }

        private String name(String field) {
            return path == null ? field : path + "." + field;
        }

        private JsonNode required(String field) throws Invalid {
            JsonNode n = node.get(field);
            if (n == null || n.isNull()) {
                throw new Invalid(RejectReason.MISSING_FIELD, "missing field '" + name(field) + "'", eventTs);
            }
            return n;
        }

        private Invalid badType(String field, String expected, JsonNode n) {
            return new Invalid(RejectReason.BAD_TYPE,
                    "field '" + name(field) + "' must be " + expected + ", got " + n.getNodeType().name().toLowerCase(), eventTs);
        }

        String string(String field) throws Invalid {
            JsonNode n = required(field);
            if (!n.isTextual()) throw badType(field, "a string", n);
            return noNul(field, n.textValue());
        }

        private String noNul(String field, String s) throws Invalid {
            if (s.indexOf('\u0000') >= 0) {
                throw new Invalid(RejectReason.BAD_TYPE, "field '" + name(field) + "' contains a NUL character", eventTs);
            }
            return s;
        }

        String optionalString(String field) throws Invalid {
            JsonNode n = node.get(field);
            if (n == null || n.isNull()) return null;
            if (!n.isTextual()) throw badType(field, "a string", n);
            return noNul(field, n.textValue());
        }

        long integer(String field) throws Invalid {
            JsonNode n = required(field);
            if (!n.isIntegralNumber() || !n.canConvertToLong()) throw badType(field, "an integer", n);
            return n.longValue();
        }

        double number(String field) throws Invalid {
            return finite(field, required(field));
        }

        Double optionalNumber(String field) throws Invalid {
            JsonNode n = node.get(field);
            if (n == null || n.isNull()) return null;
            return finite(field, n);
        }

        private double finite(String field, JsonNode n) throws Invalid {
            if (!n.isNumber()) throw badType(field, "a number", n);
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw new Invalid(RejectReason.NON_FINITE, "field '" + name(field) + "' is " + n.asText(), eventTs);
            }
            return d;
        }

        boolean bool(String field) throws Invalid {
            JsonNode n = required(field);
            if (!n.isBoolean()) throw badType(field, "a boolean", n);
            return n.booleanValue();
        }

        long instant(String field) throws Invalid {
            String s = string(field);
            try {
                return Instant.parse(s).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new Invalid(RejectReason.BAD_TYPE, "field '" + name(field) + "' is not an ISO-8601 instant: " + s, null);
            }
        }

        State state(String field) throws Invalid {
            State st = State.parse(string(field));
            if (st == null) {
                throw new Invalid(RejectReason.UNKNOWN_STATE, "field '" + name(field) + "' is " + node.get(field).textValue(), eventTs);
            }
            return st;
        }

        State optionalState(String field) throws Invalid {
            String s = optionalString(field);
            if (s == null) return null;
            State st = State.parse(s);
            if (st == null) throw new Invalid(RejectReason.UNKNOWN_STATE, "field '" + name(field) + "' is " + s, eventTs);
            return st;
        }

        Reader object(String field) throws Invalid {
            JsonNode n = required(field);
            if (!n.isObject()) throw badType(field, "an object", n);
            Reader r = new Reader(n, name(field));
            r.eventTs = eventTs;
            return r;
        }

        Reader optionalObject(String field) throws Invalid {
            JsonNode n = node.get(field);
            if (n == null || n.isNull()) return null;
            return object(field);
        }
    }
}

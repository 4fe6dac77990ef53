package io.pmtuner.core.ingest;

import io.pmtuner.model.Action;
import io.pmtuner.model.Decision;
import io.pmtuner.model.EngineEvent;
import io.pmtuner.model.Gate;
import io.pmtuner.model.Series;
import io.pmtuner.model.State;
import io.pmtuner.model.Tick;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The fast path of {@link EventParser}: one pass over a line's tokens straight into an
 * {@link EngineEvent}, with no tree in between. It only ever says "this line is valid, and here is its
 * event" or "not sure" (null): anything unusual (a missing or null required field, a type that is not
 * the expected one, a duplicate key, a number too large, a non-finite one, a NUL, an unknown state or
 * action, an instant outside the plain UTC form) is left to the tree parser, which alone decides
 * rejects and their reasons. So the reasons stay exactly the tree parser's, and on a valid line both
 * produce the same event ({@code EventParserTest} compares them).
 */
final class StreamingEventReader {
    // FastDoubleParser rounds correctly, as Double.parseDouble does, so the numbers are the tree's.
    // Duplicate keys (which raise "last one wins" and map order questions) are left to the tree parser:
    // detected here with a bit per known field, cheaper than Jackson's own detection, which hashes
    // every name of every object and took a quarter of the parse.
    private static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    /** Why the fast path gave up; never seen outside this class. */
    private static final class NotSure extends Exception {
        static final NotSure INSTANCE = new NotSure();

        private NotSure() {
            super(null, null, false, false);
        }
    }

    /** The fields read at the top level. */
    private static final Known TOP_LEVEL = new Known("v", "type", "series", "bar_ts", "seq", "state", "prev_state", "price", "atr",
            "buy_flag", "trim_flag", "a_value", "engine_version", "scores", "gates", "scope", "action", "trade_id", "size_frac", "pnl",
            "reason");

    private static final Known SERIES_FIELDS = new Known("book", "chain", "contract", "timeframe");
    private static final Known GATE_FIELDS = new Known("value", "threshold", "pass", "base");

    private StreamingEventReader() {}

    /** The event of a valid line, or null when the tree parser must decide. */
    static EngineEvent read(String line) {
        // the event keeps its line in UTF-8 anyway, and Jackson reads bytes faster than chars; a line
        // with surrogates (which a lone one would not survive encoding) is the tree parser's
        for (int i = 0; i < line.length(); i++) {
            if (Character.isSurrogate(line.charAt(i))) return null;
        }
        byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
        try (JsonParser p = FACTORY.createParser(utf8)) {
            return read(p, utf8);
        } catch (IOException | NotSure | RuntimeException e) {
            return null;
        }
    }

    /** A line's fields as read, before they are checked and built into an event. */
    private static final class Line {
        long v = -1;
        String type;
        Series series;
        String barTs;
        Long seq;
        String state;
        String prevState;
        double price = Double.NaN;
        double atr = Double.NaN;
        Boolean buy;
        Boolean trim;
        Double aValue;
        String engineVersion;
        Map<String, Double> scores;
        Map<String, Gate> gates;
        Map<String, String> scope;
        String action;
        String tradeId;
        Double sizeFrac;
        Double pnl;
        String reason;

        void read(JsonParser p, String name, JsonToken value) throws IOException, NotSure {
            switch (name) {
                case "v" -> v = integer(p, value);
                case "type" -> type = string(p, value);
                case "series" -> series = series(p, value);
                case "bar_ts" -> barTs = string(p, value);
                case "seq" -> seq = integer(p, value);
                case "state" -> state = optionalString(p, value);
                case "prev_state" -> prevState = optionalString(p, value);
                case "price" -> price = number(p, value);
                case "atr" -> atr = number(p, value);
                case "buy_flag" -> buy = bool(value);
                case "trim_flag" -> trim = bool(value);
                case "a_value" -> aValue = optionalNumber(p, value);
                case "engine_version" -> engineVersion = optionalString(p, value);
                case "scores" -> scores = value == JsonToken.VALUE_NULL ? null : scores(p, value);
                case "gates" -> gates = value == JsonToken.VALUE_NULL ? null : gates(p, value);
                case "scope" -> scope = value == JsonToken.VALUE_NULL ? null : scope(p, value);
                case "action" -> action = optionalString(p, value);
                case "trade_id" -> tradeId = optionalString(p, value);
                case "size_frac" -> sizeFrac = optionalNumber(p, value);
                case "pnl" -> pnl = optionalNumber(p, value);
                case "reason" -> reason = optionalString(p, value);
                default -> throw new IllegalStateException("not a known field: " + name);
            }
        }
    }

    private static EngineEvent read(JsonParser p, byte[] utf8) throws IOException, NotSure {
        Line l = new Line();
        fields(p, p.nextToken(), TOP_LEVEL, (name, value) -> l.read(p, name, value));
        expect(l.v == EventParser.CONTRACT_VERSION && l.type != null && l.series != null && l.barTs != null && l.seq != null);
        long seq = l.seq;
        String type = l.type;
        Series series = l.series;
        EngineEvent e = new EngineEvent();
        e.series = series;
        e.seriesKey = series.key();
        e.barTs = instant(l.barTs);
        e.seq = seq;
        if (type.equals("tick")) {
            expect(l.state != null && !Double.isNaN(l.price) && !Double.isNaN(l.atr) && l.buy != null && l.trim != null);
            Tick k = new Tick();
            k.seq = seq;
            k.barTs = e.barTs;
            k.state = state(l.state);
            k.price = l.price;
            k.atr = l.atr;
            k.buyFlag = l.buy;
            k.trimFlag = l.trim;
            k.aValue = l.aValue;
            k.engineVersion = l.engineVersion;
            k.scores = l.scores != null ? l.scores : new LinkedHashMap<>();
            k.gates = l.gates != null ? l.gates : new LinkedHashMap<>();
            k.scope = l.scope != null ? l.scope : new LinkedHashMap<>();
            e.tick = k;
            e.prevState = l.prevState == null ? null : state(l.prevState);
        } else if (type.equals("decision")) {
            expect(l.action != null);
            Decision d = new Decision();
            d.action = Action.parse(l.action);
            expect(d.action != null);
            d.tradeId = l.tradeId;
            d.sizeFrac = l.sizeFrac;
            d.pnl = l.pnl;
            d.reason = l.reason;
            e.decision = d;
        } else {
            throw NotSure.INSTANCE;
        }
        e.rawUtf8 = utf8;
        return e;
    }

    private static void expect(boolean ok) throws NotSure {
        if (!ok) throw NotSure.INSTANCE;
    }

    private static long integer(JsonParser p, JsonToken t) throws IOException, NotSure {
        expect(t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER);
        return p.getLongValue();
    }

    private static double number(JsonParser p, JsonToken t) throws IOException, NotSure {
        expect(t == JsonToken.VALUE_NUMBER_FLOAT || (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER));
        double d = p.getDoubleValue();
        expect(Double.isFinite(d));
        return d;
    }

    private static Double optionalNumber(JsonParser p, JsonToken t) throws IOException, NotSure {
        return t == JsonToken.VALUE_NULL ? null : number(p, t);
    }

    private static boolean bool(JsonToken t) throws NotSure {
        expect(t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE);
        return t == JsonToken.VALUE_TRUE;
    }

    private static String string(JsonParser p, JsonToken t) throws IOException, NotSure {
        expect(t == JsonToken.VALUE_STRING);
        String s = p.getText();
        expect(s.indexOf('\u0000') < 0);
        return s;
    }

    private static String optionalString(JsonParser p, JsonToken t) throws IOException, NotSure {
        return t == JsonToken.VALUE_NULL ? null : string(p, t);
    }

    private static State state(String s) throws NotSure {
        State st = State.parse(s);
        expect(st != null);
        return st;
    }

    private static Series series(JsonParser p, JsonToken t) throws IOException, NotSure {
        String[] s = new String[4];
        fields(p, t, SERIES_FIELDS, (name, value) -> s[SERIES_FIELDS.indexOf(name)] = optionalString(p, value));
        for (String part : s) expect(part != null);
        return new Series(s[0], s[1], s[2], s[3]);
    }

    private static Map<String, Double> scores(JsonParser p, JsonToken t) throws IOException, NotSure {
        Map<String, Double> m = new LinkedHashMap<>();
        Set<String> nulls = new HashSet<>(0);
        entries(p, t, (name, value) -> {
            expect(!m.containsKey(name) && !nulls.contains(name));
            if (value == JsonToken.VALUE_NULL) {
                nulls.add(name); // absent ones are absent
            } else {
                m.put(name, number(p, value));
            }
        });
        return m;
    }

    private static Map<String, Gate> gates(JsonParser p, JsonToken t) throws IOException, NotSure {
        Map<String, Gate> m = new LinkedHashMap<>();
        entries(p, t, (name, value) -> expect(m.put(name, gate(p, value)) == null));
        return m;
    }

    private static Gate gate(JsonParser p, JsonToken t) throws IOException, NotSure {
        Gate g = new Gate(Double.NaN, Double.NaN, false, null);
        boolean[] passed = new boolean[1];
        fields(p, t, GATE_FIELDS, (name, value) -> {
            switch (name) {
                case "value" -> g.value = number(p, value);
                case "threshold" -> g.threshold = number(p, value);
                case "pass" -> {
                    g.pass = bool(value);
                    passed[0] = true;
                }
                default -> g.base = optionalNumber(p, value);
            }
        });
        expect(!Double.isNaN(g.value) && !Double.isNaN(g.threshold) && passed[0]);
        return g;
    }

    private static Map<String, String> scope(JsonParser p, JsonToken t) throws IOException, NotSure {
        Map<String, String> m = new LinkedHashMap<>();
        entries(p, t, (name, value) -> expect(m.put(name, string(p, value)) == null));
        return m;
    }

    /** The names of an object's known fields, each with its bit in the duplicate check. */
    private static final class Known {
        private final Map<String, Integer> bits = new HashMap<>();

        Known(String... names) {
            if (names.length > Long.SIZE) throw new IllegalArgumentException("at most 64 fields");
            for (String n : names) bits.put(n, bits.size());
        }

        int indexOf(String name) {
            Integer i = bits.get(name);
            return i == null ? -1 : i;
        }
    }

    /** Reads one field whose name it is given; the parser stands on the field's first token, {@code value}. */
    private interface FieldReader {
        void read(String name, JsonToken value) throws IOException, NotSure;
    }

    /**
     * An object whose fields are known: each known one is read once (a second time is a duplicate key,
     * left to the tree parser), the others are skipped as the tree parser ignores them.
     */
    private static void fields(JsonParser p, JsonToken t, Known known, FieldReader reader) throws IOException, NotSure {
        expect(t == JsonToken.START_OBJECT);
        long seen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            int field = known.indexOf(name);
            if (field < 0) {
                p.skipChildren();
                continue;
            }
            expect((seen & (1L << field)) == 0);
            seen |= 1L << field;
            reader.read(name, value);
        }
    }

    /** An object used as a map: every entry goes to {@code reader}, which keeps it. */
    private static void entries(JsonParser p, JsonToken t, FieldReader reader) throws IOException, NotSure {
        expect(t == JsonToken.START_OBJECT);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            reader.read(name, p.nextToken());
        }
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ssZ}, optionally with 1 to 9 digits of fraction, as epoch milliseconds
     * (what {@code Instant.parse(s).toEpochMilli()} gives); any other form is left to the tree parser.
     */
    static long instant(String s) throws NotSure {
        int n = s.length();
        expect(n >= 20 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T' && s.charAt(13) == ':'
                && s.charAt(16) == ':' && s.charAt(n - 1) == 'Z');
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        expect(hour <= 23 && minute <= 59 && second <= 59);
        int millis = 0;
        if (n > 20) {
            expect(s.charAt(19) == '.' && n - 21 >= 1 && n - 21 <= 9);
            int fraction = digits(s, 20, n - 1);
            int scale = n - 21;
            for (int i = scale; i < 3; i++) fraction *= 10;
            for (int i = 3; i < scale; i++) fraction /= 10;
            millis = fraction;
        } else {
            expect(n == 20);
        }
        long days;
        try {
            days = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            throw NotSure.INSTANCE;
        }
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    private static int digits(String s, int from, int to) throws NotSure {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            expect(c >= '0' && c <= '9');
            v = v * 10 + (c - '0');
        }
        return v;
    }
}

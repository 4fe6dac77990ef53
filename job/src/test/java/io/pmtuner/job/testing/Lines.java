package io.pmtuner.job.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes contract-v1 lines for one series, bar by bar, the way the engine would: {@code seq} and
 * {@code bar_ts} advance with every tick and {@code prev_state} follows the last state. Options
 * change one tick ({@link #buy()}, {@link #trim()}, {@link #price}, {@link #failing}).
 */
public final class Lines {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    public static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    public final String contract;
    private final Duration bar;
    /** The series' timeframe, named after its bar length (1h, 1d, ...). */
    private final String timeframe;
    private final List<Line> out = new ArrayList<>();
    private long seq;
    private Instant ts;
    private String state;

    /** One output line with its bar time, so that lines of several series can be merged in time order. */
    public record Line(Instant barTs, String json) {}

    public Lines(String contract) {
        this(contract, Duration.ofHours(1));
    }

    public Lines(String contract, Duration bar) {
        this(contract, bar, T0);
    }

    /** A series whose first tick is at {@code start}. */
    public Lines(String contract, Duration bar, Instant start) {
        this.contract = contract;
        this.bar = bar;
        this.timeframe = bar.toDays() > 0 && bar.toHours() % 24 == 0 ? bar.toDays() + "d"
                : bar.toHours() > 0 && bar.toMinutes() % 60 == 0 ? bar.toHours() + "h" : bar.toMinutes() + "m";
        this.ts = start.minus(bar);
    }

    public Lines tick(String newState, Consumer<ObjectNode>... options) {
        seq++;
        ts = ts.plus(bar);
        ObjectNode t = base("tick", seq, ts);
        t.put("state", newState);
        if (state == null) t.putNull("prev_state"); else t.put("prev_state", state);
        t.put("price", 1.0);
        t.put("atr", 0.05);
        t.put("buy_flag", false);
        t.put("trim_flag", false);
        ObjectNode scores = t.putObject("scores");
        scores.put("ts", 0.7);
        scores.put("ts_with_boost", 0.72);
        ObjectNode gates = t.putObject("gates");
        gate(gates, "ts", 0.72, 0.6, true);
        gate(gates, "halo", 0.5, 1.0, true);
        ObjectNode scope = t.putObject("scope");
        scope.put("chain", "solana");
        scope.put("mcap_bucket", "micro");
        scope.put("timeframe", timeframe);
        t.put("a_value", 1.0);
        for (Consumer<ObjectNode> o : options) o.accept(t);
        state = newState;
        out.add(new Line(ts, t.toString()));
        return this;
    }

    /** A PM decision on the current tick. */
    public Lines decision(String action, Consumer<ObjectNode>... options) {
        return decisionOn(seq, action, options);
    }

    /** A PM decision on tick {@code onSeq}, stamped with the current bar time. */
    public Lines decisionOn(long onSeq, String action, Consumer<ObjectNode>... options) {
        ObjectNode d = base("decision", onSeq, ts);
        d.put("action", action);
        d.put("trade_id", contract + "-t" + onSeq);
        for (Consumer<ObjectNode> o : options) o.accept(d);
        out.add(new Line(ts, d.toString()));
        return this;
    }

    /** Skips {@code n} seq numbers (and bars): a gap in the data. */
    public Lines gap(int n) {
        seq += n;
        ts = ts.plus(bar.multipliedBy(n));
        return this;
    }

    /** Appends a line as is, at the current bar time. */
    public Lines raw(String json) {
        out.add(new Line(ts, json));
        return this;
    }

    /** Repeats the last line (a duplicate delivery). */
    public Lines repeatLast() {
        out.add(out.get(out.size() - 1));
        return this;
    }

    public long seq() {
        return seq;
    }

    public Instant ts() {
        return ts;
    }

    public List<Line> lines() {
        return out;
    }

    public String seriesJson() {
        return series().toString();
    }

    private ObjectNode series() {
        ObjectNode s = MAPPER.createObjectNode();
        s.put("book", "test");
        s.put("chain", "solana");
        s.put("contract", contract);
        s.put("timeframe", timeframe);
        return s;
    }

    /** The episode id the episode rules give an episode of this series starting at {@code startSeq}. */
    public String episodeId(String patternKey, long startSeq) {
        return patternKey + ":test:solana:" + contract + ":" + timeframe + ":" + startSeq;
    }

    private ObjectNode base(String type, long seq, Instant ts) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("v", 1);
        o.put("type", type);
        o.set("series", series());
        o.put("bar_ts", ts.toString());
        o.put("seq", seq);
        return o;
    }

    private static void gate(ObjectNode gates, String name, double value, double threshold, boolean pass) {
        ObjectNode g = gates.putObject(name);
        g.put("value", value);
        g.put("threshold", threshold);
        g.put("pass", pass);
    }

    // ---- options for one tick or decision

    public static Consumer<ObjectNode> buy() {
        return t -> t.put("buy_flag", true);
    }

    public static Consumer<ObjectNode> trim() {
        return t -> t.put("trim_flag", true);
    }

    public static Consumer<ObjectNode> price(double p) {
        return t -> t.put("price", p);
    }

    public static Consumer<ObjectNode> pnl(double p) {
        return t -> t.put("pnl", p);
    }

    /** Replaces the tick's scope with the given key, value pairs. */
    public static Consumer<ObjectNode> scope(String... keyValues) {
        return t -> {
            ObjectNode scope = t.putObject("scope");
            for (int i = 0; i + 1 < keyValues.length; i += 2) scope.put(keyValues[i], keyValues[i + 1]);
        };
    }

    /** Makes the named gates fail at this tick. */
    public static Consumer<ObjectNode> failing(String... gates) {
        return t -> {
            for (String g : gates) ((ObjectNode) t.get("gates").get(g)).put("pass", false);
        };
    }

    /** Merges the lines of several series in bar-time order (stable: a series' own order is kept). */
    public static List<String> merge(Lines... series) {
        List<Line> all = new ArrayList<>();
        for (Lines s : series) all.addAll(s.lines());
        all.sort(java.util.Comparator.comparing(Line::barTs));
        List<String> json = new ArrayList<>();
        for (Line l : all) json.add(l.json());
        return json;
    }
}

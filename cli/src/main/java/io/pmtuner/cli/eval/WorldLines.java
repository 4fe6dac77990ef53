package io.pmtuner.cli.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A world's setups as the engine would report them (contract v1), for the end-to-end loop: {@code lanes}
 * series tick every hour; each setup takes one series for four bars: an S0 -> S1 tick whose {@code ts}
 * gate carries value, effective threshold, base and pass (the buy flag is the gate), the PM's entry
 * when it acted, then S2 and S3 for a success or S0 for a failure, then S0. Idle series tick S0; the
 * first batch starts with a bootstrap bar in S0. Each batch ends with two idle bars, so that the job's event time passes every outcome of the batch.
 */
public final class WorldLines {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final long HOUR_SECONDS = 3600;
    static final int BARS_PER_SETUP = 4;
    static final int TAIL_BARS = 2;

    private final World world;
    private final int lanes;
    private final long[] seq;
    private final String[] state;
    /** The scope (index into the world's) each lane's series is in now. */
    private final int[] scope;
    private Instant clock = Instant.parse("2026-01-01T00:00:00Z");

    WorldLines(World world, int lanes) {
        this.world = world;
        this.lanes = lanes;
        this.seq = new long[lanes];
        this.state = new String[lanes];
        this.scope = new int[lanes];
    }

    /** All of a world's setups under a gate that never moves (1.0), as one input: an open loop, for tests. */
    public static List<String> openLoop(World w, long seed, int lanes) {
        SetupStream stream = new SetupStream(w, seed);
        List<Setup> setups = new ArrayList<>();
        for (int t = 0; t < w.setups; t++) setups.add(stream.next(sc -> 1.0));
        return new WorldLines(w, lanes).batch(setups);
    }

    /** The lines of one batch of setups, in bar order, all series of a bar together. */
    List<String> batch(List<Setup> setups) {
        List<String> out = new ArrayList<>();
        if (state[0] == null) idleBar(out); // bootstrap: a series starts in S0
        for (int from = 0; from < setups.size(); from += lanes) {
            List<Setup> slot = setups.subList(from, Math.min(setups.size(), from + lanes));
            for (int bar = 0; bar < BARS_PER_SETUP; bar++) {
                for (int lane = 0; lane < lanes; lane++) {
                    Setup s = lane < slot.size() ? slot.get(lane) : null;
                    if (s != null && bar == 0) scope[lane] = s.scope();
                    String next = s == null ? "S0" : stateAt(s, bar);
                    ObjectNode t = tick(lane, next);
                    if (s != null && bar == 0) {
                        ObjectNode g = t.putObject("gates").putObject("ts");
                        g.put("value", s.ts());
                        g.put("threshold", s.threshold());
                        g.put("base", s.base());
                        g.put("pass", s.open());
                        t.put("buy_flag", s.open());
                        t.putObject("scores").put("ts", s.ts());
                    }
                    out.add(t.toString());
                    if (s != null && bar == 0 && s.acted()) out.add(entry(lane).toString());
                }
                clock = clock.plusSeconds(HOUR_SECONDS);
            }
        }
        for (int bar = 0; bar < TAIL_BARS; bar++) idleBar(out);
        return out;
    }

    private void idleBar(List<String> out) {
        for (int lane = 0; lane < lanes; lane++) out.add(tick(lane, "S0").toString());
        clock = clock.plusSeconds(HOUR_SECONDS);
    }

    private static String stateAt(Setup s, int bar) {
        return switch (bar) {
            case 0 -> "S1";
            case 1 -> s.success() ? "S2" : "S0";
            case 2 -> s.success() ? "S3" : "S0";
            default -> "S0";
        };
    }

    private ObjectNode tick(int lane, String next) {
        ObjectNode t = event(lane, "tick", ++seq[lane]);
        t.put("state", next);
        if (state[lane] == null) t.putNull("prev_state"); else t.put("prev_state", state[lane]);
        state[lane] = next;
        t.put("price", 1.0);
        t.put("atr", 0.05);
        t.put("buy_flag", false);
        t.put("trim_flag", false);
        ObjectNode sc = t.putObject("scope");
        world.scopeMap(scope[lane]).forEach(sc::put);
        return t;
    }

    private ObjectNode entry(int lane) {
        ObjectNode d = event(lane, "decision", seq[lane]);
        d.put("action", "entry");
        return d;
    }

    private ObjectNode event(int lane, String type, long s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("v", 1);
        o.put("type", type);
        ObjectNode series = o.putObject("series");
        series.put("book", "eval");
        series.put("chain", world.name);
        series.put("contract", String.format("lane-%03d", lane));
        series.put("timeframe", "1h");
        o.put("bar_ts", clock.toString());
        o.put("seq", s);
        return o;
    }
}

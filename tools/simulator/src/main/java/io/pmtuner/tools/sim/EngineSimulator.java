package io.pmtuner.tools.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * A small stand-in for the trading engine and its PM: writes contract-v1 JSON Lines for many series,
 * bar by bar (all series of one bar, then the next bar), from a seed. Legal state walks, gates
 * computed from scores against thresholds, buy flags where the gates pass, a PM that acts on some
 * of them, trim flags and trims with P&amp;L. The same seed always gives the same file.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, description = "Writes a simulated engine event stream.")
public final class EngineSimulator implements Callable<Integer> {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[] CHAINS = {"solana", "base", "ethereum"};
    private static final String[] MCAP = {"micro", "small", "mid"};
    private static final String[] VOL = {"low", "mid", "high"};

    @Option(names = "--series", defaultValue = "10", description = "Token series, each its own book, chain, contract and scope (default ${DEFAULT-VALUE}).")
    int series;

    @Option(names = "--bars", defaultValue = "500", description = "Bars (ticks) per series (default ${DEFAULT-VALUE}).")
    int bars;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the market and the PM: the same seed writes the same file (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--start", defaultValue = "2026-01-01T00:00:00Z", description = "Bar time of the first bar, ISO-8601 UTC (default ${DEFAULT-VALUE}).")
    String start;

    @Option(names = "--bar-seconds", defaultValue = "3600", description = "Seconds between bars; also names the series' timeframe (3600: 1h) (default ${DEFAULT-VALUE}).")
    long barSeconds;

    @Option(names = "--out", required = true, description = "The JSON Lines file to write.")
    Path out;

    /** Probability that the PM sends an entry on a bar with the buy flag. */
    @Option(names = "--act-rate", defaultValue = "0.35", description = "Probability that the PM enters on a bar with the buy flag (default ${DEFAULT-VALUE}).")
    double actRate;

    /** Whether each gate carries its threshold before overrides ({@code base}), which the calibrated judge needs. */
    @Option(names = "--gate-base", arity = "1", defaultValue = "true", paramLabel = "true|false",
            description = "Whether each gate carries its base threshold, which the calibrated judge needs (default ${DEFAULT-VALUE}).")
    boolean gateBase;

    /** A share of lines to corrupt with one-byte copies (LineMutator): a flaky link's stream, to see what the job makes of it. */
    @Option(names = "--corrupt-share", defaultValue = "0",
            description = "Share of lines that get a copy with one byte changed, replacing the line or joining the stream near it (default ${DEFAULT-VALUE}).")
    double corruptShare;

    @Option(names = "--corrupt-seed", defaultValue = "1", description = "Seed of the corruption (default ${DEFAULT-VALUE}).")
    long corruptSeed;

    public static void main(String[] args) {
        System.exit(new CommandLine(new EngineSimulator()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        if (corruptShare < 0 || corruptShare > 1) throw new CommandLine.ParameterException(new CommandLine(this), "--corrupt-share must be between 0 and 1");
        if (corruptShare == 0) {
            try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                write(w, series, bars, seed, Instant.parse(start), barSeconds, actRate, gateBase);
            }
            return 0;
        }
        LineMutator.Result r = LineMutator.mutate(lines(series, bars, seed, Instant.parse(start), barSeconds, actRate, gateBase), corruptShare, corruptSeed);
        Files.write(out, r.lines(), StandardCharsets.UTF_8);
        System.err.printf("corrupted %d lines: %d replaced, %d copies joined; %d lines written%n",
                r.mutations().size(), r.replaced(), r.joined(), r.lines().size());
        return 0;
    }

    /** Writes {@code series x bars} ticks plus the PM's decisions, each gate with its base. Returns the number of lines. */
    public static long write(Writer w, int nSeries, int nBars, long seed, Instant start, long barSeconds, double actRate)
            throws IOException {
        return write(w, nSeries, nBars, seed, start, barSeconds, actRate, true);
    }

    /** As {@link #write}; {@code gateBase}: whether each gate carries its base (inputs of builds before the simulator wrote it have none). */
    public static long write(Writer w, int nSeries, int nBars, long seed, Instant start, long barSeconds, double actRate, boolean gateBase)
            throws IOException {
        Random rnd = new Random(seed);
        List<SeriesWalk> walks = new ArrayList<>();
        String timeframe = timeframe(barSeconds);
        for (int i = 0; i < nSeries; i++) walks.add(new SeriesWalk(i, timeframe, rnd));
        long lines = 0;
        for (int bar = 0; bar < nBars; bar++) {
            Instant ts = start.plusSeconds(bar * barSeconds);
            for (SeriesWalk s : walks) {
                lines += s.step(w, bar, ts, rnd, actRate, gateBase);
            }
        }
        return lines;
    }

    /** As {@link #write}, into memory: the lines, for tests and the benchmark. */
    public static List<String> lines(int nSeries, int nBars, long seed, Instant start, long barSeconds, double actRate) {
        return lines(nSeries, nBars, seed, start, barSeconds, actRate, true);
    }

    /** As {@link #write} with {@code gateBase}, into memory. */
    public static List<String> lines(int nSeries, int nBars, long seed, Instant start, long barSeconds, double actRate, boolean gateBase) {
        java.io.StringWriter w = new java.io.StringWriter();
        try {
            write(w, nSeries, nBars, seed, start, barSeconds, actRate, gateBase);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a StringWriter does not fail
        }
        return List.of(w.toString().split("\n"));
    }

    /** One series: its state machine, scores and position. */
    private static final class SeriesWalk {
        final ObjectNode series = MAPPER.createObjectNode();
        final ObjectNode scope = MAPPER.createObjectNode();
        String state;
        boolean lastTrim;
        double price;
        double ts;
        double halo;
        boolean inPosition;
        double entryPrice;
        int trades;
        final int id;

        SeriesWalk(int id, String timeframe, Random rnd) {
            this.id = id;
            String chain = CHAINS[id % CHAINS.length];
            series.put("book", "main");
            series.put("chain", chain);
            series.put("contract", String.format("tok%04d", id));
            series.put("timeframe", timeframe);
            scope.put("chain", chain);
            scope.put("mcap_bucket", MCAP[(id / 3) % MCAP.length]);
            scope.put("vol_bucket", VOL[(id / 9) % VOL.length]);
            scope.put("timeframe", timeframe);
            scope.put("book", "main");
            price = 1 + rnd.nextDouble() * 9;
            ts = rnd.nextDouble();
            halo = rnd.nextDouble() * 2;
        }

        int step(Writer w, int bar, Instant barTs, Random rnd, double actRate, boolean gateBase) throws IOException {
            String prev = state;
            state = next(prev, rnd);
            price = Math.max(0.01, price * (1 + (rnd.nextGaussian() * 0.02) + drift()));
            ts = clamp(ts + rnd.nextGaussian() * 0.12, 0, 1);
            halo = clamp(halo + rnd.nextGaussian() * 0.3, 0, 3);
            double slope = rnd.nextGaussian();
            double sr = rnd.nextDouble() * 0.1;
            double tsWithBoost = Math.min(1, ts + sr);

            ObjectNode gates = MAPPER.createObjectNode();
            boolean tsPass = gate(gates, "ts", tsWithBoost, 0.6, tsWithBoost >= 0.6, gateBase);
            boolean haloPass = gate(gates, "halo", halo, 1.0, halo <= 1.0, gateBase);
            boolean slopePass = gate(gates, "slope", slope, -0.5, slope >= -0.5, gateBase);
            boolean buy;
            switch (state) {
                case "S1": buy = tsPass && haloPass && slopePass; break;
                case "S3": buy = tsPass && haloPass; break;
                default: buy = false;
            }
            boolean trim = ("S2".equals(state) || "S3".equals(state)) && rnd.nextDouble() < 0.08;

            long seq = bar + 1;
            ObjectNode t = base("tick", barTs, seq);
            t.put("state", state);
            if (prev == null) t.putNull("prev_state"); else t.put("prev_state", prev);
            t.put("price", round(price));
            t.put("atr", round(price * 0.03));
            t.put("buy_flag", buy);
            t.put("trim_flag", trim);
            ObjectNode scores = t.putObject("scores");
            scores.put("ts", round(ts));
            scores.put("sr_boost", round(sr));
            scores.put("ts_with_boost", round(tsWithBoost));
            scores.put("dx", round(slope));
            t.set("gates", gates);
            t.set("scope", scope);
            t.put("a_value", 1.0);
            t.put("engine_version", "sim-1");
            line(w, t);
            int lines = 1;

            if (buy && !inPosition && rnd.nextDouble() < actRate) {
                ObjectNode d = base("decision", barTs, seq);
                d.put("action", "entry");
                d.put("trade_id", series.get("contract").asText() + "-" + (++trades));
                d.put("size_frac", 0.25);
                line(w, d);
                lines++;
                inPosition = true;
                entryPrice = price;
            } else if (inPosition && (trim && !lastTrim || "S0".equals(state))) {
                ObjectNode d = base("decision", barTs, seq);
                d.put("action", "S0".equals(state) ? "exit" : "trim");
                d.put("trade_id", series.get("contract").asText() + "-" + trades);
                d.put("size_frac", "S0".equals(state) ? 1.0 : 0.5);
                d.put("pnl", round(price - entryPrice));
                line(w, d);
                lines++;
                if ("S0".equals(state)) inPosition = false;
            }
            lastTrim = trim;
            return lines;
        }

        private double drift() {
            switch (state) {
                case "S2": return 0.004;
                case "S3": return 0.002;
                case "S0": return -0.002;
                default: return 0;
            }
        }

        private ObjectNode base(String type, Instant barTs, long seq) {
            ObjectNode o = MAPPER.createObjectNode();
            o.put("v", 1);
            o.put("type", type);
            o.set("series", series);
            o.put("bar_ts", barTs.toString());
            o.put("seq", seq);
            return o;
        }

        /** A gate as the engine reports it; no override is ever in force here, so its base is its threshold. */
        private static boolean gate(ObjectNode gates, String name, double value, double threshold, boolean pass, boolean withBase) {
            ObjectNode g = gates.putObject(name);
            g.put("value", round(value));
            g.put("threshold", threshold);
            if (withBase) g.put("base", threshold);
            g.put("pass", pass);
            return pass;
        }

        private static String next(String s, Random rnd) {
            double p = rnd.nextDouble();
            if (s == null) return p < 0.1 ? "S4" : "S0";
            switch (s) {
                case "S0": return p < 0.06 ? "S1" : "S0";
                case "S1": return p < 0.10 ? "S0" : p < 0.22 ? "S2" : "S1";
                case "S2": return p < 0.07 ? "S1" : p < 0.17 ? "S3" : "S2";
                case "S3": return p < 0.06 ? "S0" : "S3";
                case "S4": return p < 0.3 ? "S0" : "S4";
                default: throw new IllegalStateException(s);
            }
        }
    }

    /** The timeframe an engine names a bar of this many seconds by: 1m, 5m, 1h, 4h, 1d, or 90s. */
    static String timeframe(long barSeconds) {
        if (barSeconds % 86_400 == 0) return barSeconds / 86_400 + "d";
        if (barSeconds % 3_600 == 0) return barSeconds / 3_600 + "h";
        if (barSeconds % 60 == 0) return barSeconds / 60 + "m";
        return barSeconds + "s";
    }

    private static void line(Writer w, ObjectNode o) throws IOException {
        w.write(o.toString());
        w.write('\n');
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}

package io.pmtuner.tools.bench;

import io.pmtuner.tools.sim.EngineSimulator;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The benchmark's input, from the project's simulator: N series x M hourly bars, a seed. */
final class Input {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Pattern TICK = Pattern.compile("\"type\":\"tick\",\"series\":\\{[^}]*\"contract\":\"([^\"]+)\"[^}]*},\"bar_ts\":\"([^\"]+)\"");

    private Input() {}

    /** Writes the input to a file; returns its number of lines. */
    static long write(Path file, int series, int bars, long seed) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            return EngineSimulator.write(w, series, bars, seed, START, 3600, 0.35);
        }
    }

    static List<String> lines(int series, int bars, long seed) {
        return EngineSimulator.lines(series, bars, seed, START, 3600, 0.35);
    }

    /** The line index of each tick, by contract, then bar time: what resolved an episode, for latency. */
    static Map<String, NavigableMap<Long, Integer>> tickIndex(List<String> lines) {
        Map<String, NavigableMap<Long, Integer>> out = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = TICK.matcher(lines.get(i));
            if (m.find()) out.computeIfAbsent(m.group(1), c -> new TreeMap<>()).put(Instant.parse(m.group(2)).toEpochMilli(), i);
        }
        return out;
    }
}

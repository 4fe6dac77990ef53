package io.pmtuner.cli;

import io.pmtuner.model.Series;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import io.pmtuner.job.sources.FileLines;

/**
 * Lays an input out for --input.partitioned: each line goes to partition {@code p<i>}, i the hash of
 * its series key modulo the number of partitions, so that a series stays in one partition; each input
 * file becomes a file of the same relative path in every partition, holding that partition's lines in
 * their order, so that each partition read in path order is the input's order restricted to it. A line
 * without a readable series (it will be a reject either way) goes to {@code p0}.
 */
public final class PartitionLayout {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PartitionLayout() {}

    /** Writes the layout of {@code input} (a file, or a directory read as the file source reads it) under {@code out}; returns the lines written. */
    public static long write(Path input, Path out, int partitions) throws IOException {
        if (partitions < 1) throw new IllegalArgumentException("--partitions must be at least 1");
        if (Files.exists(out)) {
            try (Stream<Path> any = Files.list(out)) {
                if (any.findAny().isPresent()) throw new IllegalArgumentException("--out " + out + " is not empty");
            }
        }
        List<Path> files = files(input);
        if (files.isEmpty()) throw new IllegalArgumentException("--input " + input + " holds no file to lay out");
        long lines = 0;
        for (Path file : files) {
            Path relative = Files.isDirectory(input) ? input.relativize(file) : file.getFileName();
            BufferedWriter[] writers = new BufferedWriter[partitions];
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    int p = partitionOf(line, partitions);
                    if (writers[p] == null) {
                        Path target = out.resolve("p" + p).resolve(relative);
                        Files.createDirectories(target.getParent());
                        writers[p] = Files.newBufferedWriter(target, StandardCharsets.UTF_8);
                    }
                    writers[p].write(line);
                    writers[p].newLine();
                    lines++;
                }
            } finally {
                for (BufferedWriter w : writers) if (w != null) w.close();
            }
        }
        for (int p = 0; p < partitions; p++) Files.createDirectories(out.resolve("p" + p));
        return lines;
    }

    /** The partition of a line: its series key's hash modulo {@code partitions}; 0 without a readable series. */
    public static int partitionOf(String line, int partitions) {
        try {
            JsonNode s = MAPPER.readTree(line).get("series");
            if (s == null || !s.isObject()) return 0;
            String key = new Series(s.path("book").asText(), s.path("chain").asText(), s.path("contract").asText(), s.path("timeframe").asText()).key();
            return Math.floorMod(key.hashCode(), partitions);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The files the file source would read, in its order (path order; names starting with '.' or '_' skipped). */
    private static List<Path> files(Path input) throws IOException {
        if (!Files.isDirectory(input)) return Files.isRegularFile(input) ? List.of(input) : List.of();
        try (Stream<Path> all = Files.walk(input)) {
            return all.filter(Files::isRegularFile)
                    .filter(f -> visible(input.relativize(f)))
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        }
    }

    private static boolean visible(Path relative) {
        for (Path part : relative) {
            if (FileLines.hidden(part.toString())) return false;
        }
        return true;
    }
}

package io.pmtuner.job.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The end of every log a {@code deploy/pmtuner} cluster wrote, on the test's output: its processes log
 * to files, which a CI run does not keep, so a failed cluster test prints them itself.
 */
public final class ClusterLogs {
    private ClusterLogs() {
    }

    /** Prints the last {@code lines} lines of each {@code *.log} and {@code *.out} file in {@code dir}. */
    public static void printTails(Path dir, int lines) {
        if (!Files.isDirectory(dir)) {
            System.out.println("no cluster logs at " + dir);
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".out")).sorted().forEach(f -> {
                List<String> all = readLenient(f);
                System.out.printf("%n===== the last %d of %d lines of %s =====%n", Math.min(lines, all.size()), all.size(), f);
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(System.out::println);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> readLenient(Path f) {
        try {
            // a log can end in the middle of a multi-byte character when its process was killed
            return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).lines().toList();
        } catch (IOException e) {
            return List.of("(unreadable: " + e + ")");
        }
    }
}

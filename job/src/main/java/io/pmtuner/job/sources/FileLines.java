package io.pmtuner.job.sources;

import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;

import java.io.File;
import java.time.Duration;

/** JSON Lines from a file or a directory; bounded, or watching the directory for new files. */
public final class FileLines {
    private FileLines() {}

    /** What is wrong with a local {@code input} (missing, unreadable, a file to follow), or null; a URI is the file system's to judge. */
    public static String problem(String input, boolean follow) {
        if (input.contains("://")) return null;
        File f = new File(input);
        if (!f.exists()) return "--input " + input + " does not exist";
        if (!f.canRead()) return "--input " + input + " is not readable";
        if (follow && !f.isDirectory()) return "--follow needs a directory as --input, not a file";
        return null;
    }

    public static FileSource<String> source(String input, boolean follow, Duration monitorInterval) {
        String problem = problem(input, follow);
        if (problem != null) throw new IllegalArgumentException(problem);
        FileSource.FileSourceBuilder<String> b = FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(input))
                .setSplitAssigner(PathOrderSplitAssigner::new);
        if (follow) b.monitorContinuously(monitorInterval);
        return b.build();
    }

    /**
     * The partitions of a partitioned input (--input.partitioned): the subdirectories of {@code input},
     * by name (names starting with '.' or '_' skipped, as the file source skips them). A file directly in
     * {@code input} would belong to no partition, so it is refused rather than left unread.
     */
    public static java.util.SortedMap<String, String> partitions(String input) {
        if (input == null) throw new IllegalArgumentException("--input.partitioned needs --input, a directory of partition directories");
        Path dir = new Path(input);
        org.apache.flink.core.fs.FileStatus[] entries;
        try {
            org.apache.flink.core.fs.FileSystem fs = dir.getFileSystem();
            if (!fs.exists(dir) || !fs.getFileStatus(dir).isDir()) {
                throw new IllegalArgumentException("--input.partitioned needs a directory as --input, not " + input);
            }
            entries = fs.listStatus(dir);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--input " + input + " cannot be listed: " + e.getMessage(), e);
        }
        java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
        for (org.apache.flink.core.fs.FileStatus e : entries) {
            String name = e.getPath().getName();
            if (hidden(name)) continue;
            if (!e.isDir()) {
                throw new IllegalArgumentException("--input.partitioned: " + e.getPath() + " is a file in --input itself; put every file in a partition directory");
            }
            out.put(name, new Path(dir, name).toString()); // as given: local paths stay local paths
        }
        if (out.isEmpty()) throw new IllegalArgumentException("--input.partitioned: " + input + " holds no partition directory");
        return out;
    }

    /**
     * Fails at once, naming the input, when a bounded local input has nothing to read: an empty file, or
     * a directory without a non-empty file the source would list (names starting with '.' or '_' are skipped).
     */
    public static void requireContent(String input) {
        if (input.contains("://")) return; // a remote file system: the run's own count decides
        java.nio.file.Path p = java.nio.file.Path.of(input);
        if (!java.nio.file.Files.exists(p)) return; // source() says so
        boolean any;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.isDirectory(p) ? java.nio.file.Files.walk(p) : java.util.stream.Stream.of(p)) {
            any = files.filter(java.nio.file.Files::isRegularFile)
                    .filter(f -> f.equals(p) || !hidden(f.getFileName().toString()))
                    .anyMatch(f -> f.toFile().length() > 0);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--input " + input + " cannot be listed: " + e.getMessage(), e);
        }
        if (!any) {
            throw new IllegalArgumentException("--input " + input + (java.nio.file.Files.isDirectory(p) ? " holds no non-empty file" : " is empty")
                    + ": nothing to do (--input.allow-empty runs anyway)");
        }
    }

    /** Whether the file source skips a file or directory of this name (a leading '.' or '_': files being written). */
    public static boolean hidden(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }

    /**
     * Puts a file into a directory a --follow job watches, as an operator should: written under a name
     * the file source skips (a leading dot), then renamed, so the job never lists it half-written.
     */
    public static void drop(java.nio.file.Path dir, String name, java.util.List<String> lines) throws java.io.IOException {
        java.nio.file.Path hidden = java.nio.file.Files.write(dir.resolve("." + name), lines);
        java.nio.file.Files.move(hidden, dir.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}

package io.pmtuner.job;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateRecoveryOptions;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Whether a savepoint was written by a build whose tuning state classes were still in {@code io.pmtuner.job.tuning}
 * (before 2026-12-08). This build cannot restore one; {@code upgrade-savepoint} converts it. Flink writes a state's
 * class names into the savepoint's metadata (small states inline) and at the head of each state file, so the
 * metadata is read whole and each state file only at its head.
 */
public final class SavepointForm {
    /** The command that converts such a savepoint, for messages. */
    public static final String UPGRADE = "java -jar cli/target/pm-tuner-local.jar upgrade-savepoint --from OLD --to NEW";

    private static final byte[] EARLIER_PACKAGE = "io.pmtuner.job.tuning.".getBytes(StandardCharsets.UTF_8);
    private static final int HEAD = 1 << 16;

    private SavepointForm() {}

    /**
     * Refuses, in one line, a restore ({@code -s}, {@code execution.state-recovery.path}) of a savepoint that names the
     * earlier classes, rather than let the job fail over and over on a class it does not have. Only a savepoint this
     * process can read is checked (a local path); elsewhere the job fails on restore, naming the class.
     */
    public static void checkRestorable(ReadableConfig conf) {
        String path = conf.getOptional(StateRecoveryOptions.SAVEPOINT_PATH).orElse(null);
        if (path == null) return;
        Path dir = localDirectory(path);
        if (dir == null) return;
        boolean earlier;
        try {
            earlier = namesEarlierTuningClasses(dir);
        } catch (IOException e) {
            return; // not readable from here: the restore itself says what is wrong
        }
        if (earlier) {
            throw new IllegalArgumentException("savepoint " + path + " was taken by a build before 2026-12-08, whose state classes this build"
                    + " does not have: convert it first (" + UPGRADE + ") and restore NEW");
        }
    }

    private static Path localDirectory(String path) {
        Path p;
        try {
            URI uri = URI.create(path);
            if (uri.getScheme() == null) p = Path.of(path);
            else if (uri.getScheme().equals("file")) p = Path.of(uri);
            else return null;
        } catch (IllegalArgumentException e) {
            p = Path.of(path);
        }
        if (p.getFileName() != null && p.getFileName().toString().equals("_metadata")) p = p.getParent();
        return p != null && Files.isDirectory(p) ? p : null;
    }

    /** Whether the savepoint in local directory {@code dir} names an earlier build's tuning classes. */
    public static boolean namesEarlierTuningClasses(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            boolean metadata = f.getFileName().toString().equals("_metadata");
            try (InputStream in = Files.newInputStream(f)) {
                byte[] bytes = metadata ? in.readAllBytes() : in.readNBytes(HEAD);
                if (indexOf(bytes, EARLIER_PACKAGE) >= 0) return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}

package io.pmtuner.cli.upgrade;

import io.pmtuner.job.SavepointForm;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code pm-tuner-local.jar upgrade-savepoint --from OLD --to NEW}: a savepoint of a build before 2026-12-08
 * names the miner's and the judges' state classes by their old package, which this build no longer has;
 * this writes a copy that it restores (see {@link SavepointUpgrade}). The old savepoint is left as it was.
 */
@Command(name = "upgrade-savepoint", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rewrites a savepoint taken by a build before 2026-12-08 so that this build can restore it (the miner's and judges' "
                + "state classes moved). Reads and writes local directories, in Flink's canonical savepoint format (stop-with-savepoint's default)."})
public class UpgradeSavepointCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "DIR", description = "The savepoint to upgrade (the directory holding _metadata).")
    Path from;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "Where to write the upgraded savepoint: a new or empty directory.")
    Path to;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(from.resolve("_metadata"))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from " + from + " is not a savepoint: it has no _metadata");
        }
        if (Files.exists(to) && !isEmptyDirectory(to)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--to " + to + " exists and is not an empty directory: name a new one");
        }
        if (!SavepointForm.namesEarlierTuningClasses(from)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "nothing to upgrade: " + from
                    + " holds no state class of a build before 2026-12-08, so this build restores it as it is");
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<String> rewritten = SavepointUpgrade.run(env, from.toAbsolutePath().toUri().toString(), to.toAbsolutePath().toUri().toString());
        spec.commandLine().getOut().println("upgraded " + from + " -> " + to + " (state rewritten: " + String.join(", ", rewritten)
                + "; the rest copied); restore it with -s " + to.toAbsolutePath().toUri());
        return 0;
    }

    private static boolean isEmptyDirectory(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}

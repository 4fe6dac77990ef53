package io.pmtuner.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code pm-tuner-local.jar partition}: an input laid out by series for a parallel replay (--input.partitioned). */
@Command(name = "partition", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes INPUT's lines into OUT/p0 .. OUT/p<N-1> by the hash of their series, each partition keeping the input's files and order.")
public final class PartitionCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "PATH", description = "A JSON Lines file, or a directory of them (read in path order).")
    Path input;

    @Option(names = "--partitions", required = true, paramLabel = "N", description = "How many partitions (as many as the replay's parallelism, or more).")
    int partitions;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "An empty or new directory for the partitions.")
    Path out;

    @Override
    public Integer call() throws Exception {
        long lines;
        try {
            lines = PartitionLayout.write(input, out, partitions);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        spec.commandLine().getOut().println(lines + " lines laid out in " + partitions + " partitions under " + out
                + "; replay them with --input " + out + " --input.partitioned");
        return 0;
    }
}

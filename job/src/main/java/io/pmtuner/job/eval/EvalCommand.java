package io.pmtuner.job.eval;

import io.pmtuner.job.config.JudgeSettings;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ArrayNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code pm-tuner-local.jar eval}: judges in SPEC 11 worlds. In-process by default (the judge code of
 * the job without Flink, many seeds in seconds); with {@code --end-to-end} through the real job
 * ({@link EndToEndLoop}).
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures judges in closed-loop worlds with a known best gate (SPEC 11).")
public final class EvalCommand implements Callable<Integer> {
    /** Reference worlds bundled in the jar (deploy/worlds), usable by name. */
    static final List<String> REFERENCE = List.of("W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8");

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--world", required = true, paramLabel = "FILE|NAME",
            description = "A world file (JSON, SPEC 11), or the name of a reference world: W1..W8; repeatable, or 'all'.")
    List<String> worlds;

    @Option(names = "--judges", split = ",", defaultValue = "none,spec,calibrated",
            description = "Judges to run: none, spec, calibrated (default ${DEFAULT-VALUE}).")
    List<String> judges;

    @Option(names = "--seeds", defaultValue = "10", description = "Runs per world and judge, seeds --seed, --seed+1, ... (default ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--seed", defaultValue = "1", description = "First seed (default ${DEFAULT-VALUE}).")
    long firstSeed;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON (one world: an object; several: an array).")
    Path json;

    @Mixin
    JudgeSettings judge = new JudgeSettings();

    @Override
    public Integer call() throws IOException {
        for (String j : judges) ClosedLoop.judge(j.equals(ClosedLoop.NONE) ? ClosedLoop.SPEC : j, judge); // rejects unknown names early
        if (seeds < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--seeds must be at least 1");
        List<World> ws = new ArrayList<>();
        for (String w : worlds) {
            if (w.equals("all")) {
                for (String r : REFERENCE) ws.add(load(r));
            } else {
                ws.add(load(w));
            }
        }
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode all = mapper.createArrayNode();
        boolean header = true;
        for (World w : ws) {
            WorldEvaluation e = WorldEvaluation.inProcess(w, judges, seeds, firstSeed, judge);
            e.print(System.out, header);
            header = false;
            all.add(e.json());
        }
        if (json != null) {
            mapper.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), all.size() == 1 ? all.get(0) : all);
            System.out.println("Figures written to " + json);
        }
        return 0;
    }

    /** A world from a file, or a bundled reference world by name. */
    World load(String nameOrPath) throws IOException {
        Path p = Path.of(nameOrPath);
        if (Files.isRegularFile(p)) return World.parse(Files.readString(p, StandardCharsets.UTF_8));
        if (REFERENCE.contains(nameOrPath)) {
            try (InputStream in = EvalCommand.class.getClassLoader().getResourceAsStream("worlds/" + nameOrPath + ".json")) {
                if (in != null) return World.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "--world " + nameOrPath + ": no such file, nor a reference world (W1..W8)");
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new EvalCommand()).execute(args));
    }
}

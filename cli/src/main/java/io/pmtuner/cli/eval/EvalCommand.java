package io.pmtuner.cli.eval;

import io.pmtuner.job.JobAssembly;
import io.pmtuner.job.PmTunerJob;
import io.pmtuner.job.config.JudgeSettings;
import io.pmtuner.job.db.EmbeddedDatabase;
import io.pmtuner.job.db.JdbcSettings;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code pm-tuner-local.jar eval}: judges in the evaluation worlds. In-process by default (the judge code of
 * the job without Flink, many seeds in seconds); with {@code --end-to-end} through the real job
 * ({@link EndToEndLoop}).
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures judges in closed-loop worlds with a known best gate (docs/judges.md).")
public final class EvalCommand implements Callable<Integer> {
    /** Reference worlds bundled in the jar (deploy/worlds), usable by name. */
    static final List<String> REFERENCE = List.of("W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8");
    /** Reference worlds of the lattice and of sizing, also by name, but not in 'all'. */
    static final List<String> MORE = List.of("W12", "W1-informed", "W1-delay300", "W1-wealth", "W2-wealth", "W3-wealth");

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--world", required = true, paramLabel = "FILE|NAME",
            description = "A world file (JSON, docs/judges.md), or the name of a reference world: W1..W8, W12, W1-informed, W1-delay300, W1-wealth..W3-wealth;"
                    + " repeatable; 'all' is W1..W8.")
    List<String> worlds;

    @Option(names = "--judges", split = ",", defaultValue = "none,spec,calibrated",
            description = "Judges to run: none, spec, calibrated (default ${DEFAULT-VALUE}).")
    List<String> judges;

    @Option(names = "--seeds", defaultValue = "10", description = "Runs per world and judge, seeds --seed, --seed+1, ... (default ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = {"--seed-start", "--seed"}, defaultValue = "1", description = "First seed (default ${DEFAULT-VALUE}).")
    long firstSeed;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON (one world: an object; several: an array).")
    Path json;

    @Option(names = "--end-to-end", description = "Run the judges through the real job (MiniCluster, embedded PostgreSQL) instead of in-process.")
    boolean endToEnd;

    @Option(names = "--shadow", description = "End to end: the judge runs in shadow (control mode shadow): the engine keeps the base gate,"
            + " the proposals are recorded; each run prints its last proposal beside the figures.")
    boolean shadow;

    @Option(names = "--batch", defaultValue = "100", description = "End to end: setups written per batch, between two reads of the gates (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lanes", defaultValue = "20", description = "End to end: series the setups are spread over (default ${DEFAULT-VALUE}).")
    int lanes;

    @Option(names = "--data-dir", defaultValue = "pm-tuner-data/eval",
            description = "End to end: where the embedded PostgreSQL keeps its data (one database per run) and the job its input (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--pg-port", defaultValue = "54330", description = "End to end: port of the embedded PostgreSQL on loopback (default ${DEFAULT-VALUE}).")
    int pgPort;

    @Mixin
    JudgeSettings judge = new JudgeSettings();

    @Override
    public Integer call() throws Exception {
        for (String j : judges) {
            if (!ClosedLoop.judgeNames().contains(j)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--judges: unknown judge '" + j + "' " + ClosedLoop.judgeNames());
            }
        }
        if (seeds < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--seeds must be at least 1");
        List<World> ws = new ArrayList<>();
        for (String w : worlds) {
            if (w.equals("all")) {
                for (String r : REFERENCE) ws.add(load(r));
            } else {
                ws.add(load(w));
            }
        }
        if (endToEnd && (batch < 1 || lanes < 1)) throw new CommandLine.ParameterException(spec.commandLine(), "--batch and --lanes must be at least 1");
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode all = mapper.createArrayNode();
        List<WorldEvaluation> results = new ArrayList<>();
        if (endToEnd) {
            results.addAll(endToEnd(ws));
        } else {
            for (World w : ws) results.add(WorldEvaluation.inProcess(w, judges, seeds, firstSeed, judge));
        }
        boolean header = true;
        for (WorldEvaluation e : results) {
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

    /** Every world, judge (but none, which needs no job) and seed through a job of its own, each into a fresh database. */
    private List<WorldEvaluation> endToEnd(List<World> ws) throws Exception {
        Path tmp = Files.createDirectories(dataDir.resolve("tmp"));
        // Flink and the embedded PostgreSQL unpack into the temp dir on every start: keep it ours
        System.setProperty("java.io.tmpdir", tmp.toAbsolutePath().toString());
        List<WorldEvaluation> out = new ArrayList<>();
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(dataDir.resolve("postgres"), pgPort, true)) {
            EndToEndLoop.Options opts = new EndToEndLoop.Options(batch, lanes, Duration.ofMinutes(2), Duration.ofMillis(100), shadow);
            for (World w : ws) {
                Map<String, List<RunFigures.Figures>> runs = new LinkedHashMap<>();
                runs.put(ClosedLoop.NONE, WorldEvaluation.inProcessRuns(w, ClosedLoop.NONE, seeds, firstSeed, judge));
                for (String j : judges) {
                    if (j.equals(ClosedLoop.NONE)) continue;
                    List<RunFigures.Figures> figures = new ArrayList<>();
                    for (int i = 0; i < seeds; i++) {
                        long seed = firstSeed + i;
                        String name = ("eval_" + w.name + "_" + j + "_" + seed).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
                        JdbcSettings db = pg.fresh(name);
                        Path work = dataDir.resolve("runs").resolve(name);
                        deleteRecursively(work);
                        long t0 = System.nanoTime();
                        RunFigures.Figures f = EndToEndLoop.run(w, j, seed, judge, db, work,
                                cfg -> StreamExecutionEnvironment.createLocalEnvironment(JobAssembly.baseConfiguration(cfg.run())), opts,
                                System.out::println);
                        System.out.printf(java.util.Locale.ROOT, "%s %s seed %d: regret %.5f, final error %.4f, %.0f s (tables in database %s)%n",
                                w.name, j, seed, f.regretPerSetup(), f.finalError(), (System.nanoTime() - t0) / 1e9, name);
                        if (shadow) {
                            double[] proposed = EndToEndLoop.lastProposals(w, db);
                            for (int sc = 0; sc < proposed.length; sc++) {
                                System.out.printf(java.util.Locale.ROOT, "%s %s seed %d, scope %s, in shadow: last proposal ts_min_mult %.2f (threshold %.3f,"
                                        + " best %.3f); the engine kept the base%n", w.name, j, seed, w.scopes.get(sc).name(), proposed[sc],
                                        w.base * proposed[sc], w.bestThreshold(sc, w.phaseOf(w.setups)));
                            }
                        }
                        figures.add(f);
                    }
                    runs.put(j, figures);
                }
                out.add(WorldEvaluation.of(w, judges, runs));
            }
        }
        return out;
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }

    /** A world from a file, or a bundled reference world by name. */
    World load(String nameOrPath) throws IOException {
        Path p = Path.of(nameOrPath);
        String json = null;
        if (Files.isRegularFile(p)) {
            json = Files.readString(p, StandardCharsets.UTF_8);
        } else if (REFERENCE.contains(nameOrPath) || MORE.contains(nameOrPath)) {
            try (InputStream in = EvalCommand.class.getClassLoader().getResourceAsStream("worlds/" + nameOrPath + ".json")) {
                if (in != null) json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        if (json == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--world " + nameOrPath + ": no such file, nor a reference world "
                    + "(W1..W8, W12, W1-informed, W1-delay300, W1-wealth..W3-wealth)");
        }
        try {
            return World.parse(json);
        } catch (IllegalArgumentException | IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--world " + nameOrPath + ": " + e.getMessage());
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new EvalCommand()).execute(args));
    }
}

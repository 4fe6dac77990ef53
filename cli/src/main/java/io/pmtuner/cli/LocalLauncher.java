package io.pmtuner.cli;

import io.pmtuner.job.JobAssembly;
import io.pmtuner.job.config.JobConfig;
import io.pmtuner.job.config.JobParameters;
import io.pmtuner.job.db.EmbeddedDatabase;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.cli.control.ControlCommand;
import io.pmtuner.cli.eval.EvalCommand;
import io.pmtuner.cli.report.RecordedTables;
import io.pmtuner.cli.report.Report;
import io.pmtuner.cli.report.ReportCommand;
import io.pmtuner.cli.report.WhatIfCommand;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code java -jar cli/target/pm-tuner-local.jar}: the same job on an in-process MiniCluster. Without
 * {@code --jdbc-url} it starts an embedded, real PostgreSQL whose data stays in {@code --data-dir};
 * without {@code --input} it reads the bundled sample. Prints a summary of the tables at the end.
 */
@Command(name = "pm-tuner-local", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false, subcommands = {EvalCommand.class, ReportCommand.class, WhatIfCommand.class, PartitionCommand.class, MigrateCommand.class, ControlCommand.class,
        io.pmtuner.cli.upgrade.UpgradeSavepointCommand.class},
        description = "Runs pm-tuner in-process (MiniCluster), with an embedded PostgreSQL unless --jdbc-url is given.")
public final class LocalLauncher implements Callable<Integer> {
    static final String SAMPLE = "sample/sample.jsonl";
    static final String LOOPBACK = "127.0.0.1";

    @Mixin
    JobConfig job;

    /** A challenger's options (--challenger.judge.*), and mistakes: the job's options sort them out (a mixin's own are not collected). */
    @CommandLine.Unmatched
    java.util.List<String> unmatched = new java.util.ArrayList<>();

    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    LocalDatabase local = new LocalDatabase();

    @Option(names = "--rest-port", defaultValue = "0",
            description = "Port of Flink's REST API and web UI while the job runs, on 127.0.0.1 only; 0 = a free port, printed when the job starts"
                    + " (default ${DEFAULT-VALUE}).")
    int restPort;

    @Option(names = "--report", paramLabel = "DIR",
            description = "After the run, write the report (index.html with charts) of the tables into DIR, as the report command does.")
    Path report;

    /** The partitions of a --input.partitioned input, as listed when the options were checked. */
    private java.util.Set<String> partitions;


    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The launcher's command line, with its subcommands and the way it reports mistakes and failures. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new LocalLauncher());
        // --help: "[OPTIONS]" rather than every option twice, and the options in groups, the most used first
        cl.getCommandSpec().usageMessage().abbreviateSynopsis(true);
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, OptionGroups::render);
        // a user's mistake is one line and exit 2; the usage only on --help
        cl.setParameterExceptionHandler((e, given) -> {
            e.getCommandLine().getErr().println("pm-tuner: " + e.getMessage() + " (see " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CommandLine.ParameterException p) return cmd.getParameterExceptionHandler().handleParseException(p, new String[0]);
            cmd.getErr().println("pm-tuner failed: " + rootMessage(e));
            return 1;
        });
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        job.unmatched = unmatched;
        job.validate(spec.commandLine()); // before anything starts
        // the local run's input is on this machine: say what is wrong with it before PostgreSQL or Flink start
        String inputProblem = job.input == null ? null : io.pmtuner.job.sources.FileLines.problem(job.input, job.follow);
        if (inputProblem != null) throw new CommandLine.ParameterException(spec.commandLine(), inputProblem);
        if (job.partitioned) {
            // the layout is the user's: say what is wrong with it before PostgreSQL or Flink start
            if (job.input == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--input.partitioned needs --input, a directory of partition directories (the bundled sample is one file)");
            }
            try {
                partitions = io.pmtuner.job.sources.FileLines.partitions(job.input).keySet();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        if (job.jdbcUrl == null) requireFreePort(local.pgPort, "--pg-port");
        // two local runs at once must not meet on one port: without a port given, take a free one
        int rest = restPort == 0 ? freeLoopbackPort() : restPort;
        if (restPort != 0) requireFreePort(restPort, "--rest-port");
        JobParameters cfg = job.parameters();
        Files.createDirectories(local.dataDir);
        Path tmp = Files.createDirectories(local.dataDir.resolve("tmp"));
        // Flink and the embedded PostgreSQL unpack into the temp dir on every start: keep it ours
        System.setProperty("java.io.tmpdir", tmp.toAbsolutePath().toString());

        EmbeddedDatabase pg = null;
        try {
            if (cfg.database().url == null) {
                pg = EmbeddedDatabase.start(local.postgres(), local.pgPort, true);
                cfg = cfg.withDatabase(pg.admin().inSchema(cfg.database().schema));
                System.out.println("Embedded PostgreSQL: " + cfg.database().url + " (data in " + local.postgres() + ")");
            }
            JobParameters.Kafka kafka = cfg.kafka();
            if (kafka.isSource()) {
                System.out.println("Input: Kafka topic(s) " + String.join(",", kafka.topics()) + " at " + kafka.bootstrapServers()
                        + (kafka.isBounded() ? ", up to --kafka.stop " + kafka.stop() : ", unbounded (stop with Ctrl-C)"));
            } else {
                if (cfg.input().path() == null) cfg = cfg.withInput(cfg.input().withPath(extractSample().toString()));
                System.out.println("Input: " + cfg.input().path() + (cfg.input().partitioned()
                        ? " (partitions " + String.join(", ", partitions) + ": a reader each)" : ""));
            }

            Configuration conf = JobAssembly.baseConfiguration(cfg.run());
            // every listener of the in-process cluster on loopback only: the REST API (and web UI), on a port we
            // can print, and the BLOB server, RPC and data exchange the job manager and task manager open
            conf.set(RestOptions.BIND_ADDRESS, LOOPBACK);
            conf.set(RestOptions.ADDRESS, LOOPBACK);
            conf.set(RestOptions.BIND_PORT, Integer.toString(rest));
            conf.set(JobManagerOptions.BIND_HOST, LOOPBACK);
            conf.set(JobManagerOptions.ADDRESS, LOOPBACK);
            conf.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
            conf.set(TaskManagerOptions.HOST, LOOPBACK);
            // checkpoints (--follow, Kafka, --checkpoint.interval) to files: Flink's default keeps them in the
            // JobManager's memory, which refuses any operator state over 5 MB (a few thousand series)
            JobAssembly.checkpointsTo(conf, local.dataDir.resolve("checkpoints"));
            // the task manager reports accumulators (the progress line's figures) with its heartbeat
            conf.set(org.apache.flink.configuration.HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
            System.out.println("Flink REST API and web UI while the job runs: http://" + LOOPBACK + ":" + rest);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
            long t0 = System.nanoTime();
            java.time.Instant runStart = java.time.Instant.now().minusSeconds(1); // display only: which rows this run touched
            boolean terminal = System.console() != null;
            // on a terminal the line is rewritten in place, so it may as well move every second
            if (terminal && !cfg.run().progressInterval().isZero()) cfg = cfg.withRun(cfg.run().withProgressInterval(Duration.ofSeconds(1)));
            ProgressLine progress = new ProgressLine(System.out, terminal);
            JobExecutionResult result;
            try {
                result = JobAssembly.of(cfg).run(env, progress);
            } finally {
                progress.end();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("Job finished in %.1f s (Flink reports %d ms)%n", seconds, result.getNetRuntime());
            Long events = result.getAccumulatorResult(io.pmtuner.job.functions.Progress.EVENTS_READ);
            JdbcSettings db = cfg.database();
            Summary.print(db, System.out, runStart, events == null ? 0 : events);
            if (report != null) {
                Files.createDirectories(report);
                System.out.println();
                System.out.println("Report: " + Report.write(RecordedTables.load(db), Report.Options.defaults(), report).toAbsolutePath());
            }
            return 0;
        } finally {
            if (pg != null) pg.close();
        }
    }

    /** A port free on loopback now (the moment until Flink binds it is short; a clash then is Flink's error). */
    private static int freeLoopbackPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A busy port is named at once, instead of the embedded PostgreSQL timing out on it. */
    private void requireFreePort(int port, String option) {
        try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " " + port + " is in use on 127.0.0.1; choose another port with "
                    + option);
        }
    }

    private Path extractSample() throws IOException {
        Path target = local.dataDir.resolve("sample.jsonl");
        try (InputStream in = LocalLauncher.class.getClassLoader().getResourceAsStream(SAMPLE)) {
            if (in == null) throw new IOException("bundled sample " + SAMPLE + " is missing from the jar");
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /**
     * One line for a failure: the exception's own message and, where it does not already say it, the
     * first line of the deepest cause (Flyway and Flink wrap the database's words in multi-line reports).
     */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String top = firstLine(e.getMessage());
        String deepest = firstLine(root.getMessage());
        if (root == e || deepest.isEmpty() || top.contains(deepest)) return top;
        return top.isEmpty() ? deepest : top + ": " + deepest;
    }

    private static String firstLine(String message) {
        if (message == null) return "";
        String m = message.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }
}

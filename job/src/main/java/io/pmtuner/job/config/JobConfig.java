package io.pmtuner.job.config;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every option of the job (README, "Options"). Names are part of the contract: tests and tools use
 * them. The JDBC password is never an option: it is read from {@value #PASSWORD_ENV}.
 */
@Command(name = "pm-tuner", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Turns the engine's event stream into episodes, lessons and gate overrides in PostgreSQL.")
public class JobConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String PASSWORD_ENV = "PMTUNER_JDBC_PASSWORD";
    /** A password parameter (password=, sslpassword=) or user:password@ in a JDBC URL. */
    static final java.util.regex.Pattern PASSWORD_IN_URL =
            java.util.regex.Pattern.compile("(?i)([?&;](ssl)?password=)|(//[^/@?]*:[^/@?]*@)");

    @Option(names = "--input", paramLabel = "PATH",
            description = "JSON Lines file or directory of them. The local launcher reads the bundled sample without it.")
    public String input;

    @Option(names = "--follow", description = "Keep watching the --input directory for new files (unbounded).")
    public boolean follow;

    @Option(names = "--input.partitioned",
            description = "--input is a directory of partitions (subdirectories), each an ordered stream of its own read, parsed and "
                    + "watermarked by a reader of its own, in parallel; a series must stay in one partition.")
    public boolean partitioned;

    @Option(names = "--input.allow-empty",
            description = "Let a bounded run whose input holds no event end normally (by default it fails: a run that did nothing never exits 0).")
    public boolean allowEmpty;

    @Option(names = "--input.monitor-interval", converter = DurationConverter.class, defaultValue = "5s",
            description = "With --follow: how often the directory is listed (default ${DEFAULT-VALUE}).")
    public Duration monitorInterval;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "PostgreSQL JDBC URL. The local launcher starts an embedded PostgreSQL without it.")
    public String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "NAME", description = "Database role (password from $" + PASSWORD_ENV + ").")
    public String jdbcUser;

    @Option(names = "--parallelism", defaultValue = "1", description = "Job parallelism (default ${DEFAULT-VALUE}).")
    public int parallelism;

    @Option(names = "--ingest.allowed-lateness", converter = DurationConverter.class, defaultValue = "1min",
            description = "How far behind the newest bar time an event may arrive before it is rejected as late; "
                    + "also how long a decision may trail the window it belongs to (default ${DEFAULT-VALUE}).")
    public Duration allowedLateness;

    @Option(names = "--ingest.max-time-jump", converter = DurationConverter.class, defaultValue = "1d",
            description = "An event further ahead of the stream's time (with Kafka: its partition's) than this waits until a quorum of series"
                    + " brings the time near it; if the time moves on this far without that, it is rejected as time_jump (default ${DEFAULT-VALUE}).")
    public Duration maxTimeJump;

    @Option(names = "--ingest.time-jump-quorum", defaultValue = "2",
            description = "The fewest series whose latest ticks move the stream's event time (fewer only while fewer are active) (default ${DEFAULT-VALUE}).")
    public int timeJumpQuorum;

    @Option(names = "--ingest.time-quorum-share", defaultValue = "0.5",
            description = "Share of the active series whose latest ticks must have reached a time for the stream's event time to move there (default ${DEFAULT-VALUE}).")
    public double timeQuorumShare;

    @Option(names = "--ingest.active-lines", defaultValue = "10000",
            description = "A series counts in the quorum while it has a line among the stream's last N lines (default ${DEFAULT-VALUE}).")
    public int activeLines;

    @Option(names = "--ingest.cadence-tolerance", defaultValue = "0.1",
            description = "How far, as a share of its series' bar, a tick's bar_ts may lie from where its seq puts it before it is off_cadence;"
                    + " a decision's bar_ts from its tick's likewise (default ${DEFAULT-VALUE}).")
    public double cadenceTolerance;

    @Option(names = "--ingest.warmup-lines", defaultValue = "100",
            description = "The first lines are held until as many ticks as the quorum needs (at least two) have come, or this many lines;"
                    + " the stream's event time starts at the lower median of their bar times (default ${DEFAULT-VALUE}).")
    public int warmupLines;

    @Option(names = "--outcome.horizon", converter = DurationConverter.class, defaultValue = "30d",
            description = "Series time after the decision point at which a pending episode resolves neutral (default ${DEFAULT-VALUE}).")
    public Duration horizon;

    @Option(names = "--episode.max-window", converter = DurationConverter.class, defaultValue = "0",
            description = "Drop a window still open this long after its start (CEP within), counted; 0 = no limit "
                    + "(a limit keeps one CEP timer per started window for that long) (default ${DEFAULT-VALUE}).")
    public Duration maxWindow;

    @Option(names = "--progress.interval", converter = DurationConverter.class, defaultValue = "10s",
            description = "How often an attached run says how far it got (events read and their rate, event time, episodes, rejects): "
                    + "in the client's log, or on one updating line of the local launcher's terminal; 0 = never (default ${DEFAULT-VALUE}).")
    public Duration progressInterval;

    @Option(names = "--jdbc.batch-size", defaultValue = "1000", description = "Rows per JDBC batch (default ${DEFAULT-VALUE}).")
    public int jdbcBatchSize;

    @Option(names = "--jdbc.batch-interval", converter = DurationConverter.class,
            description = "Longest time a row waits in a batch (default: 200ms, or 1s when replaying a bounded input).")
    public Duration jdbcBatchInterval;

    @Option(names = "--jdbc.max-retries", defaultValue = "5", description = "Retries of a failed batch before the job fails over (default ${DEFAULT-VALUE}).")
    public int jdbcMaxRetries;

    @Option(names = "--db.migrate", arity = "1", defaultValue = "true", paramLabel = "true|false",
            description = "Apply the schema migrations at start (default ${DEFAULT-VALUE}); with false the job only checks "
                    + "that the schema is current, for a role that may not change it.")
    public boolean migrate;

    @Option(names = "--db.schema", paramLabel = "NAME",
            description = "PostgreSQL schema of the tables (created and migrated there): one per configuration, so that runs with "
                    + "other options sit side by side (default: the role's, public).")
    public String dbSchema;

    @Option(names = "--restart.max-backoff", converter = DurationConverter.class, defaultValue = "10s",
            description = "Longest wait between restarts after a failure (exponential from 1s; unlimited attempts; default ${DEFAULT-VALUE}).")
    public Duration restartMaxBackoff;

    @Option(names = "--checkpoint.interval", converter = DurationConverter.class,
            description = "Checkpoint interval; default 30s for an unbounded input (--follow, Kafka without --kafka.stop), off for a bounded one.")
    public Duration checkpointInterval;

    @Option(names = "--network.buffer-timeout", converter = DurationConverter.class,
            description = "Longest wait of a record in a partly filled network buffer (Flink's execution.buffer-timeout); "
                    + "default: the cluster's (Flink: 100ms). Lower it for lower live latency; 0 sends every record at once.")
    public Duration bufferTimeout;

    @Mixin
    public MinerSettings miner = new MinerSettings();

    @Mixin
    public JudgeSettings judge = new JudgeSettings();

    @Mixin
    public KafkaSettings kafka = new KafkaSettings();

    /**
     * A challenger judge's options: every --judge.* option again under --challenger. (--challenger.judge.mode
     * calibrated ...). picocli hands them over unmatched; they are parsed as judge options in {@link #validate}.
     */
    @CommandLine.Unmatched
    public List<String> unmatched = new ArrayList<>();

    /** The challenger's settings, parsed from its options in {@link #validate}; null without a challenger. */
    JudgeSettings challenger;

    /** Parses arguments; throws {@link CommandLine.ParameterException} with a user-facing message. */
    public static JobConfig parse(String... args) {
        JobConfig cfg = new JobConfig();
        CommandLine cl = new CommandLine(cfg);
        cl.parseArgs(args);
        cfg.validate(cl);
        return cfg;
    }

    /** Checks where the tables are, for a run and for the commands that read them: no password in the URL, a plain schema name. */
    public static void validateDatabase(CommandLine cl, String jdbcUrl, String dbSchema) {
        if (jdbcUrl != null && PASSWORD_IN_URL.matcher(jdbcUrl).find()) {
            // the URL itself is not repeated: it holds the secret
            throw new CommandLine.ParameterException(cl, "--jdbc-url must not carry a password (it would show in logs and process lists);"
                    + " give the role with --jdbc-user and the password in $" + PASSWORD_ENV);
        }
        if (dbSchema != null && !dbSchema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new CommandLine.ParameterException(cl, "--db.schema must be a plain lower-case name (letters, digits, _), not '" + dbSchema + "'");
        }
    }

    /** Checks the options together; throws {@link CommandLine.ParameterException} with a one-line message. */
    public void validate(CommandLine cl) {
        validateDatabase(cl, jdbcUrl, dbSchema);
        if (parallelism < 1) throw new CommandLine.ParameterException(cl, "--parallelism must be at least 1");
        if (jdbcBatchSize < 1) throw new CommandLine.ParameterException(cl, "--jdbc.batch-size must be at least 1");
        if (horizon.isNegative() || horizon.isZero()) throw new CommandLine.ParameterException(cl, "--outcome.horizon must be positive");
        if (maxWindow.isNegative()) throw new CommandLine.ParameterException(cl, "--episode.max-window must not be negative");
        if (maxTimeJump.isNegative() || maxTimeJump.isZero()) throw new CommandLine.ParameterException(cl, "--ingest.max-time-jump must be positive");
        if (timeJumpQuorum < 1) throw new CommandLine.ParameterException(cl, "--ingest.time-jump-quorum must be at least 1");
        if (!(timeQuorumShare > 0 && timeQuorumShare <= 1)) throw new CommandLine.ParameterException(cl, "--ingest.time-quorum-share must be in (0, 1]");
        if (activeLines < 1 || warmupLines < 1) throw new CommandLine.ParameterException(cl, "--ingest.active-lines and --ingest.warmup-lines must be at least 1");
        if (!(cadenceTolerance >= 0 && cadenceTolerance < 1)) throw new CommandLine.ParameterException(cl, "--ingest.cadence-tolerance must be in [0, 1)");
        if (progressInterval.isNegative()) throw new CommandLine.ParameterException(cl, "--progress.interval must not be negative");
        if (allowedLateness.isNegative()) throw new CommandLine.ParameterException(cl, "--ingest.allowed-lateness must not be negative");
        if (kafka.isSource() && (input != null || follow)) {
            throw new CommandLine.ParameterException(cl, "Give --input (with --follow) or --kafka.topic, not both.");
        }
        if (partitioned && kafka.isSource()) throw new CommandLine.ParameterException(cl, "--input.partitioned is for --input; Kafka is partitioned already.");
        if (kafka.isOverrideFeed() && kafka.overridesDelivery == KafkaSettings.Delivery.EXACTLY_ONCE && effectiveCheckpointInterval() == null) {
            throw new CommandLine.ParameterException(cl, "--overrides.kafka-delivery exactly-once commits on checkpoints: "
                    + "set --checkpoint.interval (a bounded input has none by default).");
        }
        String problems = (miner.problems() + " " + judge.problems() + " " + kafka.problems()).trim();
        if (!problems.isEmpty()) throw new CommandLine.ParameterException(cl, problems);
        challenger = Challenger.parse(cl, unmatched);
    }

    /** Whether the input ends: a file or directory without --follow, or Kafka with --kafka.stop. */
    boolean isBounded() {
        return !follow && !(kafka.isSource() && !kafka.isBounded());
    }

    /** {@code --checkpoint.interval}, else 30 s for an unbounded input and none for a bounded one. */
    Duration effectiveCheckpointInterval() {
        if (checkpointInterval != null) return checkpointInterval;
        return isBounded() ? null : Duration.ofSeconds(30);
    }

    /** The options as the run's immutable parameters (defaults resolved, Kafka client settings read). */
    public JobParameters parameters() {
        return new JobParameters(
                new JobParameters.Input(input, follow, partitioned, allowEmpty, monitorInterval),
                kafka.parameters(),
                // the password comes from the environment, never from an argument
                new io.pmtuner.job.db.JdbcSettings(jdbcUrl, jdbcUser, System.getenv(PASSWORD_ENV), dbSchema),
                migrate,
                new JobParameters.Sinks(jdbcBatchSize, jdbcBatchInterval, jdbcMaxRetries),
                new JobParameters.EventTime(allowedLateness, maxTimeJump, timeJumpQuorum, timeQuorumShare, activeLines, cadenceTolerance, warmupLines),
                new JobParameters.Episodes(horizon, maxWindow),
                new JobParameters.Miner(miner.dims, miner.maxDims, miner.includeDataGap),
                judge.parameters(),
                challenger == null ? JobParameters.Judges.NONE : new JobParameters.Judges(challenger.parameters(), Challenger.options(challenger)),
                new JobParameters.Run(parallelism, effectiveCheckpointInterval(), bufferTimeout, restartMaxBackoff, progressInterval),
                shapingOptions());
    }

    private static final List<String> SHAPING = List.of("--outcome.horizon", "--episode.max-window", "--input.partitioned");
    private static final List<String> SHAPING_PREFIXES = List.of("--ingest.", "--miner.", "--judge.");

    /**
     * The options that shape the tables' contents (lateness, horizon, windows, miner, judge, and a partitioned input,
     * whose event time is kept per partition) and their values, by option name: what a run records and checks
     * ({@code RunOptions}). Options that only change how fast or where it runs are not among them.
     */
    private Map<String, String> shapingOptions() {
        Map<String, String> out = new TreeMap<>();
        for (OptionSpec o : new CommandLine(this).getCommandSpec().options()) {
            String name = o.longestName();
            if (!SHAPING.contains(name) && SHAPING_PREFIXES.stream().noneMatch(name::startsWith)) continue;
            Object v = judge.valueOf(o);
            out.put(name, v instanceof Collection<?> c ? String.join(",", c.stream().map(String::valueOf).toList()) : String.valueOf(v));
        }
        return out;
    }

    /** The usage text, for --help and for errors. */
    public static String usage() {
        return new CommandLine(new JobConfig()).getUsageMessage();
    }
}

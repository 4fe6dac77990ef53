package io.pmtuner.job;

import io.pmtuner.patterns.EpisodeKinds;
import io.pmtuner.core.ingest.ParseResult;
import io.pmtuner.job.config.JobParameters;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.db.RunOptions;
import io.pmtuner.job.db.SchemaMigrator;
import io.pmtuner.job.functions.Progress;
import io.pmtuner.job.sinks.JdbcPipelineSinks;
import io.pmtuner.job.sinks.OverrideFeed;
import io.pmtuner.job.sinks.PipelineSinks;
import io.pmtuner.job.sources.FileLines;
import io.pmtuner.job.sources.KafkaEvents;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Migrate, configure, read, wire: how every run of the job is put together, the same for the entry
 * points, the tests and the benchmark. By default it reads the configured input (a file or directory,
 * or Kafka) and writes to the configured database, migrated first; a test or a tool changes one part
 * (a tap behind the source, another source of lines, other sinks) and keeps the rest. The environment's
 * settings are here too; the topology is {@link PmTunerJob}'s, which knows nothing of this class.
 */
public final class JobAssembly {
    static final Logger LOG = LoggerFactory.getLogger(JobAssembly.class);
    public static final String JOB_NAME = "pm-tuner";

    /** uid and name of a tap: an operator of its own, so that savepoints of tapped runs stay compatible. */
    public static final String TAP = "test-tap";

    private final JobParameters cfg;
    private MapFunction<String, String> lineTap;
    private MapFunction<ParseResult, ParseResult> messageTap;
    private Function<StreamExecutionEnvironment, DataStream<String>> lines;
    private PipelineSinks sinks;
    private EpisodeKinds kinds = EpisodeKinds.BUILT_IN;

    private JobAssembly(JobParameters cfg) {
        this.cfg = cfg;
    }

    /** The job as {@code cfg} describes it. */
    public static JobAssembly of(JobParameters cfg) {
        return new JobAssembly(cfg);
    }

    /** A function between reading a line and parsing it (a fault, a throttle), at the reader's parallelism 1. */
    public JobAssembly tapLines(MapFunction<String, String> tap) {
        this.lineTap = tap;
        return this;
    }

    /** A function right behind the Kafka source, at its parallelism. */
    public JobAssembly tapMessages(MapFunction<ParseResult, ParseResult> tap) {
        this.messageTap = tap;
        return this;
    }

    /** Lines from {@code source} instead of the configured input (a generated live stream). */
    public JobAssembly lines(Function<StreamExecutionEnvironment, DataStream<String>> source) {
        this.lines = source;
        return this;
    }

    /** Writes to {@code other} instead of the configured database, which is then not touched. */
    public JobAssembly sinks(PipelineSinks other) {
        this.sinks = other;
        return this;
    }

    /** Detects {@code other} kinds of episode instead of the built-in ones (a test's own pattern). */
    public JobAssembly kinds(EpisodeKinds other) {
        this.kinds = other;
        return this;
    }

    /** Builds the job on {@code env}: its settings, the database (migrated, or checked), source, operators, sinks. */
    public void onto(StreamExecutionEnvironment env) {
        SavepointForm.checkRestorable(env.getConfiguration());
        configure(env);
        PipelineSinks out = sinks != null ? sinks : databaseSinks(prepareDatabase(cfg), cfg, lines == null && cfg.isBounded());
        if (cfg.kafka().isSource() && lines == null) {
            DataStream<ParseResult> messages = readKafka(env, cfg);
            if (messageTap != null) {
                messages = messages.map(messageTap).returns(TypeInformation.of(ParseResult.class)).uid(TAP).name(TAP);
            }
            PmTunerJob.wireParsed(messages, out, cfg, kinds);
        } else {
            Map<String, DataStream<String>> streams = new TreeMap<>();
            if (lines != null) {
                streams.put("", lines.apply(env));
            } else {
                streams.putAll(readStreams(env, cfg.input()));
            }
            streams.replaceAll((partition, read) -> tapped(read, partition));
            PmTunerJob.wire(streams, out, cfg, kinds);
        }
    }

    private DataStream<String> tapped(DataStream<String> read, String partition) {
        if (lineTap == null) return read;
        String uid = TAP + PmTunerJob.partitionSuffix(partition);
        return read.map(lineTap).setParallelism(1).uid(uid).name(uid);
    }

    /** Builds and submits the job; returns once it runs (for unbounded runs that are watched). */
    public JobClient start(StreamExecutionEnvironment env) throws Exception {
        onto(env);
        return env.executeAsync(JOB_NAME);
    }

    /** Builds and runs the job to its end, logging progress. */
    public JobExecutionResult run(StreamExecutionEnvironment env) throws Exception {
        return run(env, LOG::info);
    }

    /**
     * Builds and runs the job, saying every {@code --progress.interval} how far an attached run got
     * ({@link ProgressReporter}) to {@code progress}. A bounded run that read no event fails: it did nothing.
     */
    public JobExecutionResult run(StreamExecutionEnvironment env, Consumer<String> progress) throws Exception {
        onto(env);
        JobExecutionResult result = env.getConfiguration().get(DeploymentOptions.ATTACHED)
                ? ProgressReporter.await(env.executeAsync(JOB_NAME), cfg.run().progressInterval(), progress)
                : env.execute(JOB_NAME); // detached: returns once submitted
        // a detached submission returns before the job ends, and an unbounded one ends only when stopped
        if (cfg.input().allowEmpty() || !cfg.isBounded() || !result.isJobExecutionResult()) return result;
        Long events = result.getAccumulatorResult(Progress.EVENTS_READ);
        if (events == null || events == 0) {
            throw new IllegalStateException("read no event from " + (cfg.kafka().isSource() ? "the Kafka topic(s) " + cfg.kafka().topics() : "--input " + cfg.input().path())
                    + ": the run did nothing (--input.allow-empty accepts that)");
        }
        return result;
    }

    /**
     * The JDBC sinks, and the Kafka change feed when {@code --overrides.kafka-topic} is set. A {@code
     * replay} (the configured input, bounded) batches its rows longer than a live run (see {@link
     * JobParameters.Sinks#interval}); lines from elsewhere count as live.
     */
    private static PipelineSinks databaseSinks(JdbcSettings db, JobParameters cfg, boolean replay) {
        PipelineSinks jdbc = JdbcPipelineSinks.of(db, cfg.sinks(), cfg.sinks().interval(replay));
        return cfg.kafka().isOverrideFeed() ? jdbc.withOverrideFeed(OverrideFeed.sink(cfg.kafka())) : jdbc;
    }

    /** Migrates the schema (or, with {@code --db.migrate false}, checks it is current) and claims it for this run's options. */
    private static JdbcSettings prepareDatabase(JobParameters cfg) {
        JdbcSettings db = cfg.database();
        if (cfg.migrate()) SchemaMigrator.migrate(db); else SchemaMigrator.requireCurrent(db);
        RunOptions.claim(db, cfg.shapingOptions());
        if (cfg.judges().challenger() != null) RunOptions.recordChallenger(db, cfg.judges().challengerOptions());
        return db;
    }

    /**
     * The input's ordered streams of lines, each read by one reader in path order (see {@link FileLines}):
     * the whole input under {@code ""}, or with --input.partitioned one stream per partition, by name.
     */
    public static Map<String, DataStream<String>> readStreams(StreamExecutionEnvironment env, JobParameters.Input input) {
        if (!input.follow() && !input.allowEmpty()) FileLines.requireContent(input.path());
        Map<String, DataStream<String>> streams = new TreeMap<>();
        if (input.partitioned()) {
            FileLines.partitions(input.path()).forEach((name, dir) -> streams.put(name, readLines(env, input, dir, name)));
        } else {
            streams.put("", readLines(env, input, input.path(), ""));
        }
        return streams;
    }

    /** The lines of one stream ({@code partition} "" for the whole input), read by one reader in path order. */
    private static DataStream<String> readLines(StreamExecutionEnvironment env, JobParameters.Input input, String path, String partition) {
        String suffix = PmTunerJob.partitionSuffix(partition);
        return env.fromSource(FileLines.source(path, input.follow(), input.monitorInterval()), WatermarkStrategy.noWatermarks(), "input" + suffix)
                .setParallelism(1).uid("source" + suffix).name("input" + suffix);
    }

    /** Contract events from Kafka, parsed and watermarked per partition in the source (see {@link KafkaEvents}). */
    private static DataStream<ParseResult> readKafka(StreamExecutionEnvironment env, JobParameters cfg) {
        return env.fromSource(KafkaEvents.source(cfg.kafka()), KafkaEvents.watermarks(cfg.eventTime(), cfg.kafka().idleTimeout()), "kafka")
                .uid("kafka-source").name("kafka");
    }

    /**
     * The environment settings every run shares: no Kryo fallback, and a restart strategy that outlasts
     * a database outage (exponential back-off from 1 s to {@code --restart.max-backoff}, no attempt limit).
     */
    public static Configuration baseConfiguration(JobParameters.Run run) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, run.restartMaxBackoff());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        return conf;
    }

    /** Checkpoints as files under {@code dir}, for runs whose configuration does not say where (local runs). */
    public static void checkpointsTo(Configuration conf, Path dir) {
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
    }

    /**
     * The run's parallelism, buffer timeout and checkpoints, and object reuse: a record passes to the
     * operators chained behind it as it is, instead of being copied by its serializer for each (the
     * copies were 6-15 % of the parsing, sequencer and miner threads). That is safe here because no
     * function changes a record it received from its chain, and only two change one after emitting
     * it (the outcome function its open episode, the miner its lesson), whose chained consumers read
     * it at once (the scope fan-out) or copy what they keep (the JDBC writers). The CEP
     * operators keep the transitions they buffer, which the sequencer never changes once emitted.
     */
    public void configure(StreamExecutionEnvironment env) {
        env.getConfig().enableObjectReuse();
        env.setParallelism(cfg.run().parallelism());
        if (cfg.run().bufferTimeout() != null) env.setBufferTimeout(cfg.run().bufferTimeout().toMillis());
        if (cfg.run().checkpointInterval() != null) env.enableCheckpointing(cfg.run().checkpointInterval().toMillis());
    }
}

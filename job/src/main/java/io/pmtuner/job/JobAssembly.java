package io.pmtuner.job;

import io.pmtuner.core.ingest.ParseResult;
import io.pmtuner.job.config.JobConfig;
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
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Migrate, configure, read, wire: how every run of the job is put together, the same for the entry
 * points, the tests and the benchmark. By default it reads the configured input (a file or directory,
 * or Kafka) and writes to the configured database, migrated first; a test or a tool changes one part
 * (a tap behind the source, another source of lines, other sinks) and keeps the rest.
 */
public final class JobAssembly {
    /** uid and name of a tap: an operator of its own, so that savepoints of tapped runs stay compatible. */
    public static final String TAP = "test-tap";

    private final JobConfig cfg;
    private final String input;
    private MapFunction<String, String> lineTap;
    private MapFunction<ParseResult, ParseResult> messageTap;
    private Function<StreamExecutionEnvironment, DataStream<String>> lines;
    private PipelineSinks sinks;

    private JobAssembly(JobConfig cfg, String input) {
        this.cfg = cfg;
        this.input = input;
    }

    /** The job as {@code cfg} describes it, reading {@code input} unless it reads Kafka. */
    public static JobAssembly of(JobConfig cfg, String input) {
        return new JobAssembly(cfg, input);
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

    /** Builds the job on {@code env}: its settings, the database (migrated, or checked), source, operators, sinks. */
    public void onto(StreamExecutionEnvironment env) {
        PmTunerJob.configure(env, cfg);
        PipelineSinks out = sinks != null ? sinks : databaseSinks(prepareDatabase(cfg), cfg, lines == null && cfg.isBounded());
        if (cfg.kafka.isSource() && lines == null) {
            DataStream<ParseResult> messages = readKafka(env, cfg);
            if (messageTap != null) {
                messages = messages.map(messageTap).returns(TypeInformation.of(ParseResult.class)).uid(TAP).name(TAP);
            }
            PmTunerJob.wireParsed(messages, out, cfg);
        } else {
            Map<String, DataStream<String>> streams = new TreeMap<>();
            if (lines != null) {
                streams.put("", lines.apply(env));
            } else {
                streams.putAll(readStreams(env, cfg, input));
            }
            streams.replaceAll((partition, read) -> tapped(read, partition));
            PmTunerJob.wire(streams, out, cfg);
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
        return env.executeAsync(PmTunerJob.JOB_NAME);
    }

    /** Builds and runs the job to its end, logging progress. */
    public JobExecutionResult run(StreamExecutionEnvironment env) throws Exception {
        return run(env, PmTunerJob.LOG::info);
    }

    /**
     * Builds and runs the job, saying every {@code --progress.interval} how far an attached run got
     * ({@link ProgressReporter}) to {@code progress}. A bounded run that read no event fails: it did nothing.
     */
    public JobExecutionResult run(StreamExecutionEnvironment env, Consumer<String> progress) throws Exception {
        onto(env);
        JobExecutionResult result = env.getConfiguration().get(DeploymentOptions.ATTACHED)
                ? ProgressReporter.await(env.executeAsync(PmTunerJob.JOB_NAME), cfg.progressInterval, progress)
                : env.execute(PmTunerJob.JOB_NAME); // detached: returns once submitted
        // a detached submission returns before the job ends, and an unbounded one ends only when stopped
        if (cfg.allowEmpty || !cfg.isBounded() || !result.isJobExecutionResult()) return result;
        Long events = result.getAccumulatorResult(Progress.EVENTS_READ);
        if (events == null || events == 0) {
            throw new IllegalStateException("read no event from " + (cfg.kafka.isSource() ? "the Kafka topic(s) " + cfg.kafka.topics : "--input " + input)
                    + ": the run did nothing (--input.allow-empty accepts that)");
        }
        return result;
    }

    /**
     * The JDBC sinks, and the Kafka change feed when {@code --overrides.kafka-topic} is set. A {@code
     * replay} (the configured input, bounded) batches its rows longer than a live run (see {@link
     * JobConfig#effectiveJdbcBatchInterval}); lines from elsewhere count as live.
     */
    private static PipelineSinks databaseSinks(JdbcSettings db, JobConfig cfg, boolean replay) {
        PipelineSinks jdbc = JdbcPipelineSinks.of(db, cfg, cfg.effectiveJdbcBatchInterval(replay));
        return cfg.kafka.isOverrideFeed() ? jdbc.withOverrideFeed(OverrideFeed.sink(cfg.kafka)) : jdbc;
    }

    /** Migrates the schema (or, with {@code --db.migrate false}, checks it is current) and claims it for this run's options. */
    private static JdbcSettings prepareDatabase(JobConfig cfg) {
        JdbcSettings db = new JdbcSettings(cfg.jdbcUrl, cfg.jdbcUser, cfg.jdbcPassword, cfg.dbSchema);
        if (cfg.migrate) SchemaMigrator.migrate(db); else SchemaMigrator.requireCurrent(db);
        RunOptions.claim(db, cfg);
        return db;
    }

    /**
     * The input's ordered streams of lines, each read by one reader in path order (see {@link FileLines}):
     * the whole input under {@code ""}, or with --input.partitioned one stream per partition, by name.
     */
    public static Map<String, DataStream<String>> readStreams(StreamExecutionEnvironment env, JobConfig cfg, String input) {
        if (!cfg.follow && !cfg.allowEmpty) FileLines.requireContent(input);
        Map<String, DataStream<String>> streams = new TreeMap<>();
        if (cfg.partitioned) {
            FileLines.partitions(input).forEach((name, dir) -> streams.put(name, readLines(env, cfg, dir, name)));
        } else {
            streams.put("", readLines(env, cfg, input, ""));
        }
        return streams;
    }

    /** The lines of one stream ({@code partition} "" for the whole input), read by one reader in path order. */
    private static DataStream<String> readLines(StreamExecutionEnvironment env, JobConfig cfg, String path, String partition) {
        String suffix = PmTunerJob.partitionSuffix(partition);
        return env.fromSource(FileLines.source(path, cfg.follow, cfg.monitorInterval), WatermarkStrategy.noWatermarks(), "input" + suffix)
                .setParallelism(1).uid("source" + suffix).name("input" + suffix);
    }

    /** Contract events from Kafka, parsed and watermarked per partition in the source (see {@link KafkaEvents}). */
    private static DataStream<ParseResult> readKafka(StreamExecutionEnvironment env, JobConfig cfg) {
        return env.fromSource(KafkaEvents.source(cfg.kafka), KafkaEvents.watermarks(cfg.allowedLateness, cfg.kafka.idleTimeout, cfg.maxTimeJump,
                        cfg.timeJumpQuorum), "kafka")
                .uid("kafka-source").name("kafka");
    }
}

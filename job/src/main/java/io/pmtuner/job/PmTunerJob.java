package io.pmtuner.job;

import io.pmtuner.job.config.JobConfig;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.db.RunOptions;
import io.pmtuner.job.db.SchemaMigrator;
import io.pmtuner.job.functions.BarTimeWatermarkOperator;
import io.pmtuner.job.functions.JudgeFunction;
import io.pmtuner.job.functions.MinerFunction;
import io.pmtuner.job.functions.OutcomeFunction;
import io.pmtuner.job.functions.ParseFunction;
import io.pmtuner.job.functions.PartitionClockOperator;
import io.pmtuner.job.functions.ScopeFanOutFunction;
import io.pmtuner.job.functions.Tags;
import io.pmtuner.job.functions.TransitionFunction;
import io.pmtuner.job.sinks.JdbcPipelineSinks;
import io.pmtuner.job.sinks.PipelineSinks;
import io.pmtuner.job.sinks.OverrideFeed;
import io.pmtuner.job.sources.FileLines;
import io.pmtuner.job.sources.KafkaEvents;
import io.pmtuner.job.tuning.OverrideChange;
import io.pmtuner.job.tuning.Vote;
import io.pmtuner.ingest.ParseResult;
import io.pmtuner.model.EngineEvent;
import io.pmtuner.model.EngineEventType;
import io.pmtuner.model.Episode;
import io.pmtuner.model.Reject;
import io.pmtuner.model.Transition;
import io.pmtuner.patterns.EpisodeMatchFunction;
import io.pmtuner.patterns.EpisodeKind;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.cep.CEP;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.time.Duration;

/**
 * The job's wiring, and its entry point on a cluster ({@code flink run pm-tuner.jar ...}). Sources
 * and sinks come in as arguments; the logic lives in the function classes.
 *
 * <pre>
 * lines -> parse -> watermarks -+
 * kafka (parse, watermark per partition) -> parsed-events -+
 *                                  -> keyBy(series) -> transitions -+-> CEP s1_entry --+
 *   rejects of parsing and of the transitions -> ingest_rejects     +-> CEP s3_retest -+-> outcomes -> pattern_episode_events
 *                                                                   +-- outcome feed ---+
 *
 * outcomes -> scope fan-out -> keyBy(pattern, subset) -> miner -+-> learning_lessons
 *                                                                +-> judge -> pm_overrides, pm_override_history
 *                                                                             (and the Kafka change feed, if set)
 * </pre>
 */
public final class PmTunerJob {
    private static final Logger LOG = LoggerFactory.getLogger(PmTunerJob.class);
    public static final String JOB_NAME = "pm-tuner";

    private PmTunerJob() {}

    /** Builds the whole pipeline on {@code env} from lines of JSON (the file source) to the given sinks. */
    public static void wire(StreamExecutionEnvironment env, DataStream<String> lines, PipelineSinks sinks, JobConfig cfg) {
        // Reading, parsing and watermarking run as one chain at parallelism 1: a series' events then reach
        // the sequencer through one channel, in input order, behind one watermark, so that what is late
        // (and so every result) does not depend on parallelism or timing (SPEC 8).
        SingleOutputStreamOperator<EngineEvent> parsed = lines
                .process(new ParseFunction(), EngineEventType.INSTANCE)
                .setParallelism(1).uid("parse").name("parse");
        SingleOutputStreamOperator<EngineEvent> stamped = parsed
                .transform("watermarks", EngineEventType.INSTANCE,
                        new BarTimeWatermarkOperator(cfg.allowedLateness, cfg.maxTimeJump, cfg.timeJumpQuorum))
                .setParallelism(1).uid("watermarks").name("watermarks");
        wireEvents(stamped, parsed.getSideOutput(Tags.REJECTS).union(stamped.getSideOutput(Tags.REJECTS)), sinks, cfg);
    }

    /**
     * Builds the pipeline from events a source has already parsed, timestamped and watermarked (Kafka:
     * per-partition watermarks). The parallel source keeps each partition's order, and a series lives in
     * one partition (the message key), so each series still reaches the sequencer in order.
     */
    public static void wireParsed(DataStream<ParseResult> parsedAtSource, PipelineSinks sinks, JobConfig cfg) {
        SingleOutputStreamOperator<EngineEvent> events = parsedAtSource
                .transform("parsed-events", EngineEventType.INSTANCE,
                        new PartitionClockOperator(cfg.allowedLateness, cfg.maxTimeJump, cfg.timeJumpQuorum))
                .uid("parsed-events").name("parsed-events");
        wireEvents(events, events.getSideOutput(Tags.REJECTS), sinks, cfg);
    }

    private static void wireEvents(DataStream<EngineEvent> stamped, DataStream<Reject> ingestRejects, PipelineSinks sinks, JobConfig cfg) {
        long horizon = cfg.horizon.toMillis();
        SingleOutputStreamOperator<Transition> transitions = stamped
                .keyBy(e -> e.seriesKey, Types.STRING)
                .process(new TransitionFunction(), TypeInformation.of(Transition.class))
                .uid("transitions").name("transitions");

        // Each transition leaves under the series key it arrived with, so the stream is already partitioned
        // as keyBy(series) would: the CEP operators run chained in the sequencer's task, with no shuffle and
        // two threads fewer; state stays in the same key groups, so savepoints still restore. Measured: the
        // same replay throughput within the noise, live median latency about 200 ms instead of 250.
        KeyedStream<Transition, String> bySeries = DataStreamUtils.reinterpretAsKeyedStream(transitions, t -> t.seriesKey, Types.STRING);
        // one CEP operator per kind of episode
        DataStream<Episode> closed = null;
        for (EpisodeKind kind : EpisodeKind.values()) {
            DataStream<Episode> matches = CEP.pattern(bySeries, kind.pattern(cfg.maxWindow))
                    .process(new EpisodeMatchFunction(kind, horizon), TypeInformation.of(Episode.class))
                    .uid(kind.uid).name(kind.uid);
            closed = closed == null ? matches : closed.union(matches);
        }

        DataStream<Episode> episodes = closed
                .keyBy(e -> e.seriesKey, Types.STRING)
                .connect(transitions.getSideOutput(Tags.OUTCOME_FEED).keyBy(t -> t.seriesKey, Types.STRING))
                .process(new OutcomeFunction(horizon), TypeInformation.of(Episode.class))
                .uid("outcomes").name("outcomes");

        episodes.sinkTo(sinks.episodes()).uid("sink-episodes").name("pattern_episode_events");

        // Miner and judge: keyed by (pattern, scope subset); the miner puts votes in event-time order
        boolean withDataGap = cfg.miner.includeDataGap;
        SingleOutputStreamOperator<Vote> ordered = episodes
                .flatMap(new ScopeFanOutFunction(cfg.miner), TypeInformation.of(Vote.class)).uid("scope-fan-out").name("scope-fan-out")
                .keyBy(v -> v.key, Types.STRING)
                .process(new MinerFunction(withDataGap), TypeInformation.of(Vote.class))
                .uid("miner").name("miner");
        ordered.getSideOutput(MinerFunction.LESSONS).sinkTo(sinks.lessons()).uid("sink-lessons").name("learning_lessons");

        // the miner emits each vote under its own key: the judge runs chained to it, as above
        DataStream<OverrideChange> changes = DataStreamUtils.reinterpretAsKeyedStream(ordered, v -> v.key, Types.STRING)
                .process(JudgeFunction.of(cfg.judge.parameters(), withDataGap), TypeInformation.of(OverrideChange.class))
                .uid("judge").name("judge");
        changes.sinkTo(sinks.overrides()).uid("sink-overrides").name("pm_overrides");
        changes.sinkTo(sinks.overrideHistory()).uid("sink-override-history").name("pm_override_history");
        if (sinks.overrideFeed() != null) {
            changes.sinkTo(sinks.overrideFeed()).uid("sink-override-feed").name("override-feed");
        }

        DataStream<Reject> rejects = ingestRejects.union(transitions.getSideOutput(Tags.REJECTS));
        rejects.sinkTo(sinks.rejects()).uid("sink-rejects").name("ingest_rejects");
    }

    /**
     * The environment settings every run shares: no Kryo fallback, and a restart strategy that outlasts
     * a database outage (exponential back-off from 1 s to {@code --restart.max-backoff}, no attempt limit).
     */
    public static Configuration baseConfiguration(JobConfig cfg) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, cfg.restartMaxBackoff);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        return conf;
    }

    /** Checkpoints as files under {@code dir}, for runs whose configuration does not say where (local runs). */
    public static void checkpointsTo(Configuration conf, java.nio.file.Path dir) {
        conf.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
    }

    public static void configure(StreamExecutionEnvironment env, JobConfig cfg) {
        env.setParallelism(cfg.parallelism);
        if (cfg.bufferTimeout != null) env.setBufferTimeout(cfg.bufferTimeout.toMillis());
        Duration cp = cfg.effectiveCheckpointInterval();
        if (cp != null) env.enableCheckpointing(cp.toMillis());
    }

    /** Migrates the schema, wires the job on {@code env} with the file source and JDBC sinks, runs it. */
    public static JobExecutionResult run(StreamExecutionEnvironment env, JobConfig cfg, String input) throws Exception {
        return run(env, cfg, input, LOG::info);
    }

    /**
     * As {@link #run(StreamExecutionEnvironment, JobConfig, String)}, saying every {@code --progress.interval}
     * how far an attached run got ({@link ProgressReporter}) to {@code progress}.
     */
    public static JobExecutionResult run(StreamExecutionEnvironment env, JobConfig cfg, String input, java.util.function.Consumer<String> progress)
            throws Exception {
        prepare(env, cfg, input);
        JobExecutionResult result = env.getConfiguration().get(org.apache.flink.configuration.DeploymentOptions.ATTACHED)
                ? ProgressReporter.await(env.executeAsync(JOB_NAME), cfg.progressInterval, progress)
                : env.execute(JOB_NAME); // detached: returns once submitted
        // a detached submission returns before the job ends, and an unbounded one ends only when stopped
        if (cfg.allowEmpty || !cfg.isBounded() || !result.isJobExecutionResult()) return result;
        Long events = result.getAccumulatorResult(io.pmtuner.job.functions.Progress.EVENTS_READ);
        if (events == null || events == 0) {
            throw new IllegalStateException("read no event from " + (cfg.kafka.isSource() ? "the Kafka topic(s) " + cfg.kafka.topics : "--input " + input)
                    + ": the run did nothing (--input.allow-empty accepts that)");
        }
        return result;
    }

    /** As {@link #run}, but returns once the job is submitted (for unbounded runs that are watched). */
    public static JobClient start(StreamExecutionEnvironment env, JobConfig cfg, String input) throws Exception {
        prepare(env, cfg, input);
        return env.executeAsync(JOB_NAME);
    }

    private static void prepare(StreamExecutionEnvironment env, JobConfig cfg, String input) {
        JdbcSettings db = prepareDatabase(cfg);
        configure(env, cfg);
        PipelineSinks sinks = sinks(db, cfg);
        if (cfg.kafka.isSource()) {
            wireParsed(readKafka(env, cfg), sinks, cfg);
        } else {
            wire(env, readLines(env, cfg, input), sinks, cfg);
        }
    }

    /** The JDBC sinks, and the Kafka change feed when {@code --overrides.kafka-topic} is set. */
    public static PipelineSinks sinks(JdbcSettings db, JobConfig cfg) {
        PipelineSinks jdbc = new JdbcPipelineSinks(db, cfg);
        return cfg.kafka.isOverrideFeed() ? jdbc.withOverrideFeed(OverrideFeed.sink(cfg.kafka)) : jdbc;
    }

    /** Migrates the schema (or, with {@code --db.migrate false}, checks it is current). */
    public static JdbcSettings prepareDatabase(JobConfig cfg) {
        JdbcSettings db = new JdbcSettings(cfg.jdbcUrl, cfg.jdbcUser, cfg.jdbcPassword, cfg.dbSchema);
        if (cfg.migrate) SchemaMigrator.migrate(db); else SchemaMigrator.requireCurrent(db);
        RunOptions.claim(db, cfg);
        return db;
    }

    /** The input's lines, read by one reader in path order (see {@link FileLines}). */
    public static DataStream<String> readLines(StreamExecutionEnvironment env, JobConfig cfg, String input) {
        if (!cfg.follow && !cfg.allowEmpty) FileLines.requireContent(input);
        Source<String, ?, ?> source = FileLines.source(input, cfg.follow, cfg.monitorInterval);
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "input")
                .setParallelism(1).uid("source").name("input");
    }

    /** Contract events from Kafka, parsed and watermarked per partition in the source (see {@link KafkaEvents}). */
    public static DataStream<ParseResult> readKafka(StreamExecutionEnvironment env, JobConfig cfg) {
        return env.fromSource(KafkaEvents.source(cfg.kafka), KafkaEvents.watermarks(cfg.allowedLateness, cfg.kafka.idleTimeout, cfg.maxTimeJump,
                        cfg.timeJumpQuorum), "kafka")
                .uid("kafka-source").name("kafka");
    }

    /** Cluster entry point. */
    public static void main(String[] args) throws Exception {
        JobConfig cfg;
        try {
            cfg = JobConfig.parse(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + " (options: README, \"Options\")", e);
        }
        if (cfg.input == null && !cfg.kafka.isSource()) throw new IllegalArgumentException("--input or --kafka.topic is required on a cluster");
        if (cfg.jdbcUrl == null) throw new IllegalArgumentException("--jdbc-url is required on a cluster");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(baseConfiguration(cfg));
        run(env, cfg, cfg.input);
    }
}

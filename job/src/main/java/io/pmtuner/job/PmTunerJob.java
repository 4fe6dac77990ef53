package io.pmtuner.job;

import io.pmtuner.job.config.JobConfig;
import io.pmtuner.job.functions.BarTimeWatermarkOperator;
import io.pmtuner.job.functions.JudgeFunction;
import io.pmtuner.job.functions.MinerFunction;
import io.pmtuner.job.functions.OutcomeFunction;
import io.pmtuner.job.functions.ParseFunction;
import io.pmtuner.job.functions.PartitionClockOperator;
import io.pmtuner.job.functions.ScopeFanOutFunction;
import io.pmtuner.job.functions.Tags;
import io.pmtuner.job.functions.TransitionFunction;
import io.pmtuner.job.sinks.PipelineSinks;
import io.pmtuner.core.tuning.OverrideChange;
import io.pmtuner.job.tuning.Vote;
import io.pmtuner.core.ingest.ParseResult;
import io.pmtuner.model.EngineEvent;
import io.pmtuner.model.EngineEventType;
import io.pmtuner.model.Episode;
import io.pmtuner.model.Reject;
import io.pmtuner.model.Transition;
import io.pmtuner.model.TransitionType;
import io.pmtuner.patterns.EpisodeMatchFunction;
import io.pmtuner.patterns.EpisodeKind;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
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
 * and sinks come in as arguments ({@link JobAssembly} chooses them); the logic lives in the function
 * classes.
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
    static final Logger LOG = LoggerFactory.getLogger(PmTunerJob.class);
    public static final String JOB_NAME = "pm-tuner";

    private PmTunerJob() {}

    /**
     * Builds the whole pipeline, to the given sinks, from one or more ordered streams of lines of JSON: {@code ""} for the one stream of
     * a single reader, else a partition's name (--input.partitioned). Reading, parsing and watermarking
     * run as one chain at parallelism 1 per stream: a series' events then reach the sequencer through
     * one channel, in input order, behind its stream's watermark, so that what is late (and so every
     * result) does not depend on parallelism or timing (SPEC 8). With several streams the sequencer's
     * watermark is the slowest stream's, as with Kafka partitions.
     */
    public static void wire(java.util.Map<String, DataStream<String>> streams, PipelineSinks sinks, JobConfig cfg) {
        DataStream<EngineEvent> events = null;
        DataStream<Reject> rejects = null;
        for (java.util.Map.Entry<String, DataStream<String>> stream : new java.util.TreeMap<>(streams).entrySet()) {
            String suffix = partitionSuffix(stream.getKey());
            SingleOutputStreamOperator<EngineEvent> parsed = stream.getValue()
                    .process(new ParseFunction(), EngineEventType.INSTANCE)
                    .setParallelism(1).uid("parse" + suffix).name("parse" + suffix);
            SingleOutputStreamOperator<EngineEvent> stamped = parsed
                    .transform("watermarks" + suffix, EngineEventType.INSTANCE,
                            new BarTimeWatermarkOperator(cfg.allowedLateness, cfg.maxTimeJump, cfg.timeJumpQuorum))
                    .setParallelism(1).uid("watermarks" + suffix).name("watermarks" + suffix);
            DataStream<Reject> streamRejects = parsed.getSideOutput(Tags.REJECTS).union(stamped.getSideOutput(Tags.REJECTS));
            events = events == null ? stamped : events.union(stamped);
            rejects = rejects == null ? streamRejects : rejects.union(streamRejects);
        }
        wireEvents(events, rejects, sinks, cfg);
    }

    /** What a partition adds to the uids and names of its reading chain ({@code source@p0}, ...); nothing for a single reader. */
    public static String partitionSuffix(String partition) {
        return partition.isEmpty() ? "" : "@" + partition;
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
                .process(new TransitionFunction(), TransitionType.INSTANCE)
                .uid("transitions").name("transitions");

        // Each transition leaves under the series key it arrived with, so the stream is already partitioned
        // as keyBy(series) would: the CEP operators run chained in the sequencer's task, with no shuffle and
        // two threads fewer; state stays in the same key groups, so savepoints still restore (what it did to
        // latency is in docs/benchmark.md).
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

    /**
     * The run's parallelism, buffer timeout and checkpoints, and object reuse: a record passes to the
     * operators chained behind it as it is, instead of being copied by its serializer for each (the
     * copies were 6-15 % of the parsing, sequencer and miner threads). That is safe here because no
     * function changes a record it received from its chain, and only two change one after emitting
     * it (the outcome function its open episode, the miner its lesson), whose chained consumers read
     * it at once (the scope fan-out) or copy what they keep (the JDBC writers). The CEP
     * operators keep the transitions they buffer, which the sequencer never changes once emitted.
     */
    public static void configure(StreamExecutionEnvironment env, JobConfig cfg) {
        env.getConfig().enableObjectReuse();
        env.setParallelism(cfg.parallelism);
        if (cfg.bufferTimeout != null) env.setBufferTimeout(cfg.bufferTimeout.toMillis());
        Duration cp = cfg.effectiveCheckpointInterval();
        if (cp != null) env.enableCheckpointing(cp.toMillis());
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
        JobAssembly.of(cfg, cfg.input).run(env);
    }
}

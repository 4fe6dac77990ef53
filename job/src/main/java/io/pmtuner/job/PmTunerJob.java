package io.pmtuner.job;

import io.pmtuner.job.config.JobParameters;
import io.pmtuner.job.functions.BarTimeWatermarkOperator;
import io.pmtuner.job.functions.JudgeFunction;
import io.pmtuner.job.functions.LatticeJudgeFunction;
import io.pmtuner.job.functions.MinerFunction;
import io.pmtuner.job.functions.OutcomeFunction;
import io.pmtuner.job.functions.ParseFunction;
import io.pmtuner.job.functions.PartitionClockOperator;
import io.pmtuner.job.functions.ScopeFanOutFunction;
import io.pmtuner.job.functions.Tags;
import io.pmtuner.job.functions.TransitionFunction;
import io.pmtuner.job.sinks.PipelineSinks;
import io.pmtuner.core.tuning.OverrideChange;
import io.pmtuner.core.tuning.Vote;
import io.pmtuner.core.ingest.ParseResult;
import io.pmtuner.model.EngineEvent;
import io.pmtuner.model.EngineEventType;
import io.pmtuner.model.Episode;
import io.pmtuner.model.Reject;
import io.pmtuner.model.Transition;
import io.pmtuner.model.TransitionType;
import io.pmtuner.patterns.EpisodeMatchFunction;
import io.pmtuner.patterns.EpisodeKind;
import io.pmtuner.patterns.EpisodeKinds;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.util.Map;
import java.util.TreeMap;

/**
 * The job's topology and nothing else: sources' streams and sinks come in as arguments ({@link
 * JobAssembly} chooses them and the environment), each operator receives the parameter record it uses,
 * and the logic lives in the function classes.
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
    /** uids of the operators whose keyed state holds the tuning classes (what upgrade-savepoint rewrites). */
    public static final String MINER = "miner", JUDGE = "judge", CHALLENGER_JUDGE = "challenger-judge";

    private PmTunerJob() {}

    /**
     * Builds the whole pipeline, to the given sinks, from one or more ordered streams of lines of JSON: {@code ""} for the one stream of
     * a single reader, else a partition's name (--input.partitioned). Reading, parsing and watermarking
     * run as one chain at parallelism 1 per stream: a series' events then reach the sequencer through
     * one channel, in input order, behind its stream's watermark, so that what is late (and so every
     * result) does not depend on parallelism or timing (docs/design.md "The pipeline"). With several streams the sequencer's
     * watermark is the slowest stream's, as with Kafka partitions.
     */
    public static void wire(Map<String, DataStream<String>> streams, PipelineSinks sinks, JobParameters cfg, EpisodeKinds kinds) {
        DataStream<EngineEvent> events = null;
        DataStream<Reject> rejects = null;
        for (Map.Entry<String, DataStream<String>> stream : new TreeMap<>(streams).entrySet()) {
            String suffix = partitionSuffix(stream.getKey());
            SingleOutputStreamOperator<EngineEvent> parsed = stream.getValue()
                    .process(new ParseFunction(), EngineEventType.INSTANCE)
                    .setParallelism(1).uid("parse" + suffix).name("parse" + suffix);
            SingleOutputStreamOperator<EngineEvent> stamped = parsed
                    .transform("watermarks" + suffix, EngineEventType.INSTANCE,
                            new BarTimeWatermarkOperator(cfg.eventTime()))
                    .setParallelism(1).uid("watermarks" + suffix).name("watermarks" + suffix);
            DataStream<Reject> streamRejects = parsed.getSideOutput(Tags.REJECTS).union(stamped.getSideOutput(Tags.REJECTS));
            events = events == null ? stamped : events.union(stamped);
            rejects = rejects == null ? streamRejects : rejects.union(streamRejects);
        }
        wireEvents(events, rejects, sinks, cfg, kinds);
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
    public static void wireParsed(DataStream<ParseResult> parsedAtSource, PipelineSinks sinks, JobParameters cfg, EpisodeKinds kinds) {
        SingleOutputStreamOperator<EngineEvent> events = parsedAtSource
                .transform("parsed-events", EngineEventType.INSTANCE,
                        new PartitionClockOperator(cfg.eventTime()))
                .uid("parsed-events").name("parsed-events");
        wireEvents(events, events.getSideOutput(Tags.REJECTS), sinks, cfg, kinds);
    }

    private static void wireEvents(DataStream<EngineEvent> stamped, DataStream<Reject> ingestRejects, PipelineSinks sinks, JobParameters cfg,
                                   EpisodeKinds kinds) {
        long horizon = cfg.episodes().horizon().toMillis();
        SingleOutputStreamOperator<Transition> transitions = stamped
                .keyBy(e -> e.seriesKey, Types.STRING)
                .process(new TransitionFunction(kinds), TransitionType.INSTANCE)
                .uid("transitions").name("transitions");

        // Each transition leaves under the series key it arrived with, so the stream is already partitioned
        // as keyBy(series) would: the CEP operators run chained in the sequencer's task, with no shuffle and
        // two threads fewer; state stays in the same key groups, so savepoints still restore (what it did to
        // latency is in docs/benchmark.md).
        KeyedStream<Transition, String> bySeries = DataStreamUtils.reinterpretAsKeyedStream(transitions, t -> t.seriesKey, Types.STRING);
        // one CEP operator per kind of episode
        DataStream<Episode> closed = null;
        for (EpisodeKind kind : kinds.all()) {
            // each CEP operator sees only what can take part in its pattern (still by series, still chained)
            KeyedStream<Transition, String> relevant = DataStreamUtils.reinterpretAsKeyedStream(
                    bySeries.filter(kind::canTakePart).name("relevant to " + kind.uid), t -> t.seriesKey, Types.STRING);
            DataStream<Episode> matches = CEP.pattern(relevant, kind.pattern(cfg.episodes().maxWindow()))
                    .process(new EpisodeMatchFunction(kind, horizon), TypeInformation.of(Episode.class))
                    .uid(kind.uid).name(kind.uid);
            closed = closed == null ? matches : closed.union(matches);
        }

        DataStream<Episode> episodes = closed
                .keyBy(e -> e.seriesKey, Types.STRING)
                .connect(transitions.getSideOutput(Tags.OUTCOME_FEED).keyBy(t -> t.seriesKey, Types.STRING))
                .process(new OutcomeFunction(horizon, kinds), TypeInformation.of(Episode.class))
                .uid("outcomes").name("outcomes");

        episodes.sinkTo(sinks.episodes()).uid("sink-episodes").name("pattern_episode_events");

        // Miner and judge: keyed by (pattern, scope subset); the miner puts votes in event-time order
        boolean withDataGap = cfg.miner().includeDataGap();
        SingleOutputStreamOperator<Vote> ordered = episodes
                .flatMap(new ScopeFanOutFunction(cfg.miner(), kinds), TypeInformation.of(Vote.class)).uid("scope-fan-out").name("scope-fan-out")
                .keyBy(v -> v.key, Types.STRING)
                .process(new MinerFunction(withDataGap), TypeInformation.of(Vote.class))
                .uid(MINER).name(MINER);
        ordered.getSideOutput(MinerFunction.LESSONS).sinkTo(sinks.lessons()).uid("sink-lessons").name("learning_lessons");

        // the miner emits each vote under its own key: a spec judge runs chained to it, as above; a calibrated
        // judge sees a pattern's every subset (docs/judges.md "Many scopes"), keyed by the pattern's override key
        KeyedStream<Vote, String> votes = DataStreamUtils.reinterpretAsKeyedStream(ordered, v -> v.key, Types.STRING);
        SingleOutputStreamOperator<OverrideChange> changes = judge(votes, cfg.judge(), withDataGap, sinks.controls())
                .uid(JUDGE).name(JUDGE);
        changes.sinkTo(sinks.overrides()).uid("sink-overrides").name("pm_overrides");
        changes.sinkTo(sinks.overrideHistory()).uid("sink-override-history").name("pm_override_history");
        changes.getSideOutput(JudgeFunction.HELD).sinkTo(sinks.holds()).uid("sink-judge-holds").name("pm_judge_holds");
        // a challenger judges the same votes in the same order; its proposals are recorded, never applied
        if (cfg.judges().challenger() != null) {
            SingleOutputStreamOperator<OverrideChange> proposals = judge(votes, cfg.judges().challenger(), withDataGap, null)
                    .uid(CHALLENGER_JUDGE).name(CHALLENGER_JUDGE);
            proposals.sinkTo(sinks.challengerHistory()).uid("sink-challenger-history").name("pm_challenger_history");
            proposals.getSideOutput(JudgeFunction.HELD).sinkTo(sinks.challengerHolds()).uid("sink-challenger-holds").name("pm_judge_holds (challenger)");
        }
        if (sinks.overrideFeed() != null) {
            changes.sinkTo(sinks.overrideFeed()).uid("sink-override-feed").name("override-feed");
        }

        DataStream<Reject> rejects = ingestRejects.union(transitions.getSideOutput(Tags.REJECTS));
        rejects.sinkTo(sinks.rejects()).uid("sink-rejects").name("ingest_rejects");
    }

    /**
     * The judge of {@code settings}' mode over the miner's votes: per (pattern, subset) for the spec judge, per pattern
     * for the calibrated judge (the lattice of docs/judges.md "Many scopes"); with gauges of the controls in {@code controlsDb} if given.
     */
    private static SingleOutputStreamOperator<OverrideChange> judge(KeyedStream<Vote, String> votes, io.pmtuner.core.tuning.JudgeParameters settings,
                                                                    boolean withDataGap, io.pmtuner.job.db.JdbcSettings controlsDb) {
        if (settings.mode() == io.pmtuner.core.tuning.JudgeParameters.Mode.calibrated) {
            LatticeJudgeFunction lattice = new LatticeJudgeFunction(settings);
            if (controlsDb != null) lattice.withControlGauges(controlsDb);
            return votes.keyBy(v -> v.tuningKey, Types.STRING).process(lattice, TypeInformation.of(OverrideChange.class));
        }
        JudgeFunction<?> perKey = JudgeFunction.of(settings, withDataGap);
        if (controlsDb != null) perKey.withControlGauges(controlsDb);
        return votes.process(perKey, TypeInformation.of(OverrideChange.class));
    }
}

package io.pmtuner.job.config;

import io.pmtuner.core.ingest.QuorumClock;
import io.pmtuner.core.tuning.JudgeParameters;
import io.pmtuner.job.db.JdbcSettings;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A run as its options describe it, turned into immutable records once by {@link JobConfig#parameters()}:
 * the assembly and the operators receive only the parts they use, and nothing changes them after.
 * Defaults are written once, on the options.
 *
 * @param shapingOptions the options that shape the tables' contents, by option name ({@code pm_tuner_run_options})
 */
public record JobParameters(Input input, Kafka kafka, JdbcSettings database, boolean migrate, Sinks sinks, EventTime eventTime,
                            Episodes episodes, Miner miner, JudgeParameters judge, Judges judges, Run run,
                            Map<String, String> shapingOptions) {

    /** Where the lines come from: a file or directory (read in path order), followed or not, partitioned or not. */
    public record Input(String path, boolean follow, boolean partitioned, boolean allowEmpty, Duration monitorInterval) implements Serializable {
        public Input withPath(String p) {
            return new Input(p, follow, partitioned, allowEmpty, monitorInterval);
        }
    }

    /** Batching of the JDBC sinks; {@code batchInterval} null: the default for a replay or a live run. */
    public record Sinks(int batchSize, Duration batchInterval, int maxRetries) implements Serializable {
        /** How long a live run lets a row wait for its batch: the loop's latency (an override row) is bounded by it. */
        public static final Duration LIVE_BATCH_INTERVAL = Duration.ofMillis(200);
        /**
         * How long a replay lets it wait. No one waits for a replay's rows, and an upserted row (an episode
         * opened then resolved, a lesson, an override) that changes several times within the wait is
         * written once: PostgreSQL's statement time on the benchmark's input was 46 % lower than at 200 ms.
         */
        public static final Duration REPLAY_BATCH_INTERVAL = Duration.ofSeconds(1);

        /** {@code --jdbc.batch-interval}, else the replay or the live default. */
        public Duration interval(boolean replay) {
            if (batchInterval != null) return batchInterval;
            return replay ? REPLAY_BATCH_INTERVAL : LIVE_BATCH_INTERVAL;
        }
    }

    /**
     * How the stream's event time is kept and what counts as late (ingest): the lateness, how far ahead an
     * event may be before it is held, the quorum of series that moves the stream's time (at least {@code
     * quorum} series and {@code quorumShare} of the active ones, a series active while it had a line among
     * the last {@code activeLines}), the cadence's tolerance (a share of a bar) and the warm-up's lines.
     */
    public record EventTime(Duration allowedLateness, Duration maxTimeJump, int quorum, double quorumShare, int activeLines,
                            double cadenceTolerance, int warmupLines) implements Serializable {
        /** The defaults of the options, for tests that set only the first three. */
        public EventTime(Duration allowedLateness, Duration maxTimeJump, int quorum) {
            this(allowedLateness, maxTimeJump, quorum, 0.5, 10_000, 0.1, 100);
        }

        public QuorumClock.Settings clock() {
            return new QuorumClock.Settings(maxTimeJump.toMillis(), quorum, quorumShare, activeLines, cadenceTolerance, warmupLines);
        }
    }

    /** When an open window is given up and when a pending episode resolves neutral. */
    public record Episodes(Duration horizon, Duration maxWindow) implements Serializable {}

    /** The scope subsets the miner counts in, and whether data-gap episodes count in rates and evidence. */
    public record Miner(List<String> dims, int maxDims, boolean includeDataGap) implements Serializable {
        public Miner {
            dims = List.copyOf(dims);
        }
    }

    /**
     * The judges of a run besides the live one: a challenger, whose proposals are recorded and never
     * applied (null: none), with its options as given ({@code --judge.mode calibrated ...}, every one).
     */
    public record Judges(JudgeParameters challenger, Map<String, String> challengerOptions) implements Serializable {
        public static final Judges NONE = new Judges(null, Map.of());

        public Judges {
            challengerOptions = Map.copyOf(challengerOptions);
        }
    }

    /** Parallelism, checkpoints (null: none), network buffers (null: the cluster's), restarts, progress reports. */
    public record Run(int parallelism, Duration checkpointInterval, Duration bufferTimeout, Duration restartMaxBackoff,
                      Duration progressInterval) implements Serializable {
        public Run withProgressInterval(Duration d) {
            return new Run(parallelism, checkpointInterval, bufferTimeout, restartMaxBackoff, d);
        }
    }

    /** Reading from Kafka and publishing override changes to it (README, "Kafka"); {@code clientProperties} as read when parsed. */
    public record Kafka(String bootstrapServers, List<String> topics, String groupId, String start, String stop, Duration idleTimeout,
                        Properties clientProperties, String overridesTopic, KafkaSettings.Delivery overridesDelivery,
                        String transactionalIdPrefix) implements Serializable {
        public Kafka {
            topics = List.copyOf(topics);
        }

        /** Whether the events come from Kafka. */
        public boolean isSource() {
            return !topics.isEmpty();
        }

        public boolean isOverrideFeed() {
            return overridesTopic != null;
        }

        public boolean isBounded() {
            return !"none".equals(stop);
        }

        /** A copy of the client settings: a Kafka client may change what it is given. */
        public Properties properties() {
            Properties p = new Properties();
            p.putAll(clientProperties);
            return p;
        }
    }

    /** Whether the input ends: a file or directory without --follow, or Kafka with --kafka.stop. */
    public boolean isBounded() {
        return !input.follow() && !(kafka.isSource() && !kafka.isBounded());
    }

    /** These parameters writing to {@code db} (the local launcher's embedded database). */
    public JobParameters withDatabase(JdbcSettings db) {
        return new JobParameters(input, kafka, db, migrate, sinks, eventTime, episodes, miner, judge, judges, run, shapingOptions);
    }

    /** These parameters reading {@code in} (the local launcher's bundled sample). */
    public JobParameters withInput(Input in) {
        return new JobParameters(in, kafka, database, migrate, sinks, eventTime, episodes, miner, judge, judges, run, shapingOptions);
    }

    /** These parameters with {@code r} (the local launcher's progress on a terminal). */
    public JobParameters withRun(Run r) {
        return new JobParameters(input, kafka, database, migrate, sinks, eventTime, episodes, miner, judge, judges, r, shapingOptions);
    }
}

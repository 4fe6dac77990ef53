package io.pmtuner.job.testing;

import io.pmtuner.job.config.JobParameters;
import io.pmtuner.core.ingest.ParseResult;
import io.pmtuner.job.JobAssembly;
import io.pmtuner.job.PmTunerJob;
import io.pmtuner.job.config.JobConfig;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.sources.FileLines;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static io.pmtuner.job.testing.PostgresExtension.query;

/**
 * How a test runs the job: built as the entry points build it ({@link JobAssembly}), on the test's
 * MiniCluster, against a test database; and how it waits for an unbounded run to settle.
 */
public final class TestJobs {
    private TestJobs() {}

    public static Path writeInput(Path dir, List<String> lines) throws IOException {
        Path f = dir.resolve("input.jsonl");
        Files.write(f, lines);
        return f;
    }

    /** Puts a file into a directory a running job watches ({@link FileLines#drop}). */
    public static void drop(Path dir, String name, List<String> lines) throws IOException {
        FileLines.drop(dir, name, lines);
    }

    /** Runs the job as the entry points do, on the MiniCluster, against {@code db}. */
    public static JobExecutionResult runJob(Path input, JdbcSettings db, String... extraArgs) throws Exception {
        JobParameters cfg = config(input, db, extraArgs);
        return runJob(cfg, JobAssembly.of(cfg));
    }

    /** Runs {@code assembly}, the job of {@code cfg} with a part swapped (other kinds of episode, other sinks), as {@link #runJob} does. */
    public static JobExecutionResult runJob(JobParameters cfg, JobAssembly assembly) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                CapturingReporter.addTo(JobAssembly.baseConfiguration(cfg.run())));
        return assembly.run(env);
    }

    /** The job's configuration from its options; {@code input} null for a Kafka source. */
    public static JobParameters config(Path input, JdbcSettings db, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--jdbc-url", db.url, "--jdbc-user", db.user));
        if (input != null) args.addAll(List.of("--input", input.toString()));
        args.addAll(List.of(extraArgs));
        JobParameters cfg = JobConfig.parse(args.toArray(new String[0])).parameters();
        return cfg;
    }

    /**
     * Submits the job with a function between reading and parsing (a fault, a throttle), optionally
     * restoring {@code savepoint}, and returns without waiting. The job is wired exactly as in
     * production otherwise; the extra operator has a uid of its own, so savepoints stay compatible.
     */
    public static JobClient startJob(Path input, JdbcSettings db, MapFunction<String, String> tap, String savepoint,
                                        String... extraArgs) throws Exception {
        return startJobOn(null, input, db, tap, savepoint, extraArgs);
    }

    /** As {@link #startJob}, on the state backend {@code backend} ({@code hashmap}, {@code rocksdb}; null: the job's default). */
    public static JobClient startJobOn(String backend, Path input, JdbcSettings db, MapFunction<String, String> tap, String savepoint,
                                          String... extraArgs) throws Exception {
        JobParameters cfg = config(input, db, extraArgs);
        return JobAssembly.of(cfg).tapLines(tap).start(environment(cfg, savepoint, backend));
    }

    /**
     * As {@link #startJob}, reading from Kafka ({@code --kafka.*} options in {@code args}), with
     * {@code tap} right behind the source, at its parallelism.
     */
    public static JobClient startKafkaJob(JdbcSettings db, MapFunction<ParseResult, ParseResult> tap, String... args) throws Exception {
        JobParameters cfg = config(null, db, args);
        return JobAssembly.of(cfg).tapMessages(tap).start(environment(cfg, null, null));
    }

    /** The environment the entry points make, with the test reporter, optionally restoring {@code savepoint}, on {@code backend} if not null. */
    private static StreamExecutionEnvironment environment(JobParameters cfg, String savepoint, String backend) {
        // a job started from a @BeforeAll method runs on a local cluster of its own, which gets the reporter this way
        Configuration conf = CapturingReporter.addTo(JobAssembly.baseConfiguration(cfg.run()));
        if (savepoint != null) conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        if (backend != null) conf.set(StateBackendOptions.STATE_BACKEND, backend);
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }

    /** As {@link #startJob}, for a bounded input: waits for the end. */
    public static JobExecutionResult runJob(Path input, JdbcSettings db, MapFunction<String, String> tap, String... extraArgs)
            throws Exception {
        return startJob(input, db, tap, null, extraArgs).getJobExecutionResult().get(5, TimeUnit.MINUTES);
    }

    /**
     * Waits until an unbounded run has written everything its input gives: the tables stay the same
     * over {@code quiet} (several JDBC batch intervals) once episodes have appeared.
     */
    public static Map<String, List<Map<String, String>>> awaitQuiet(JdbcSettings db, Duration quiet) throws Exception {
        return awaitSettled(() -> Tables.snapshot(db), t -> !t.get("pattern_episode_events").isEmpty(), quiet);
    }

    /** As {@link #awaitQuiet}, looking only at row counts and lesson votes: for runs too large to compare often. */
    public static String awaitQuietCounts(JdbcSettings db, Duration quiet) throws Exception {
        String sql = "SELECT (SELECT count(*) FROM pattern_episode_events) || '/' || (SELECT count(outcome) FROM pattern_episode_events)"
                + " || '/' || (SELECT coalesce(sum(n_votes), 0) FROM learning_lessons) || '/' || (SELECT count(*) FROM pm_override_history) AS s";
        return awaitSettled(() -> query(db, sql).get(0).get("s"), s -> !s.startsWith("0/"), quiet);
    }

    private static <T> T awaitSettled(Callable<T> look, Predicate<T> started, Duration quiet) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        T last = look.call();
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(250);
            T now = look.call();
            if (!now.equals(last)) {
                last = now;
                stableSince = System.nanoTime();
            } else if (started.test(now) && System.nanoTime() - stableSince >= quiet.toNanos()) {
                return now;
            }
        }
        throw new AssertionError("the tables did not settle within 5 minutes");
    }
}

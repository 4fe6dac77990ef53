package io.pmtuner.cli.eval;

import io.pmtuner.job.config.JobParameters;
import io.pmtuner.job.JobAssembly;
import io.pmtuner.job.config.JobConfig;
import io.pmtuner.job.config.JudgeSettings;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.db.SchemaMigrator;
import io.pmtuner.job.sources.FileLines;
import io.pmtuner.model.Json;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A world in a closed loop through the real job: the job runs with {@code --follow} on a directory;
 * batch by batch, the world's setups are written there as contract-v1 lines ({@link WorldLines}) under
 * the gates in force, the loop waits until the job has resolved, counted and judged them, and reads
 * the gates back through {@code pm_effective_tuning} as an engine would, for the next batch.
 */
public final class EndToEndLoop {
    private static final String RESOLVED = "SELECT count(*) FROM pattern_episode_events WHERE outcome IS NOT NULL";
    private static final String GLOBAL_VOTES = "SELECT coalesce(max(n_votes), 0) FROM learning_lessons"
            + " WHERE pattern_key = 'pm.s1_entry' AND scope_subset = '{}'::jsonb";
    private static final String CHANGES = "SELECT count(*) FROM pm_override_history";
    private static final String EFFECTIVE = "SELECT ts_min_mult FROM pm_effective_tuning('pm.s1_entry', ?::jsonb)";
    private static final String WRITTEN = "SELECT new_ts_min_mult FROM pm_override_history"
            + " WHERE pattern_key = 'pm.tuning.s1_gates' AND scope_subset = ?::jsonb ORDER BY version";

    /**
     * How the loop runs: setups per batch, series, how long one batch may take, the JDBC batch interval of
     * the job, and whether the judge runs in shadow (its proposals recorded, the engine reading what was
     * applied before: the base gate).
     */
    public record Options(int batch, int lanes, Duration batchTimeout, Duration jdbcInterval, boolean shadow) {
        public static Options defaults() {
            return new Options(100, 20, Duration.ofMinutes(2), Duration.ofMillis(100), false);
        }

        public Options inShadow() {
            return new Options(batch, lanes, batchTimeout, jdbcInterval, true);
        }
    }

    private EndToEndLoop() {}

    /**
     * Runs world {@code w} for {@code seed} with {@code judge} through a job started on {@code environment}
     * against the empty database {@code db}, feeding {@code workDir}; cancels the job at the end.
     */
    public static RunFigures.Figures run(World template, String judge, long seed, JudgeSettings settings, JdbcSettings db, Path workDir,
                                         Function<JobParameters, StreamExecutionEnvironment> environment, Options opts,
                                         Consumer<String> progress) throws Exception {
        World w = template.forSeed(seed);
        Path in = Files.createDirectories(workDir.resolve("in"));
        List<String> args = new ArrayList<>(List.of("--input", in.toString(), "--follow", "--input.monitor-interval", "100ms",
                "--jdbc-url", db.url, "--jdbc.batch-interval", opts.jdbcInterval().toMillis() + "ms"));
        if (db.user != null) args.addAll(List.of("--jdbc-user", db.user));
        args.addAll(ClosedLoop.forWorld(settings, w, judge).asArguments());
        JobParameters cfg = JobConfig.parse(args.toArray(new String[0])).parameters();
        if (opts.shadow()) shadow(db);
        JobClient job = JobAssembly.of(cfg).start(environment.apply(cfg));
        try {
            return drive(w, seed, db, in, opts, progress);
        } finally {
            job.cancel().get();
        }
    }

    /** Puts the loop's pattern in shadow before the job starts, as an operator going live in shadow does. */
    private static void shadow(JdbcSettings db) throws SQLException {
        SchemaMigrator.migrate(db);
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO pm_controls (actor, reason, action, pattern_key, mode)"
                + " VALUES ('eval', 'the loop runs the judge in shadow', 'mode', 'pm.s1_entry', 'shadow')")) {
            ps.executeUpdate();
        }
    }

    private static RunFigures.Figures drive(World w, long seed, JdbcSettings db, Path in, Options opts, Consumer<String> progress)
            throws Exception {
        SetupStream stream = new SetupStream(w, seed);
        WorldLines lines = new WorldLines(w, opts.lanes());
        RunFigures figures = new RunFigures(w);
        int scopes = w.scopes.size();
        double[] mult = new double[scopes];
        double[] thresholds = new double[scopes];
        java.util.Arrays.fill(mult, 1.0);
        int done = 0;
        int batchNo = 0;
        try (Connection c = db.connect()) {
            while (done < w.setups) {
                List<Setup> batch = new ArrayList<>();
                for (int i = 0; i < opts.batch() && done + i < w.setups; i++) batch.add(stream.next(sc -> mult[sc]));
                for (int sc = 0; sc < scopes; sc++) thresholds[sc] = w.base * mult[sc];
                for (Setup s : batch) figures.observe(s, thresholds);
                FileLines.drop(in, String.format("batch-%05d.jsonl", ++batchNo), lines.batch(batch));
                done += batch.size();
                awaitJudged(c, done, opts);
                for (int sc = 0; sc < scopes; sc++) mult[sc] = effective(c, w.scopeMap(sc));
                if (progress != null && (batchNo % 10 == 0 || done == w.setups)) {
                    progress.accept(String.format("%s seed %d: %d/%d setups, ts_min_mult %s", w.name, seed, done, w.setups,
                            java.util.Arrays.toString(mult)));
                }
            }
            List<List<Double>> written = new ArrayList<>();
            for (int sc = 0; sc < scopes; sc++) written.add(written(c, w.scopeMap(sc)));
            return figures.finish(written);
        }
    }

    /**
     * Waits until the job has resolved {@code setups} episodes and counted their votes in the global
     * lesson, then until the override history has stood still for a few JDBC batch intervals (the judge
     * runs before the lesson is written, but each sink flushes on its own).
     */
    private static void awaitJudged(Connection c, int setups, Options opts) throws Exception {
        long deadline = System.nanoTime() + opts.batchTimeout().toNanos();
        while (count(c, RESOLVED) < setups || count(c, GLOBAL_VOTES) < setups) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job did not resolve " + setups + " episodes within " + opts.batchTimeout()
                        + " (resolved " + count(c, RESOLVED) + ", counted " + count(c, GLOBAL_VOTES) + ")");
            }
            Thread.sleep(20);
        }
        long quiet = 3 * opts.jdbcInterval().toMillis() + 50;
        long last = count(c, CHANGES);
        long since = System.nanoTime();
        while (System.nanoTime() - since < quiet * 1_000_000L) {
            Thread.sleep(20);
            long now = count(c, CHANGES);
            if (now != last) {
                last = now;
                since = System.nanoTime();
            }
        }
    }

    /** The ts multiplier the judge last proposed for each of the world's scopes (1.0 where it proposed none). */
    public static double[] lastProposals(World w, JdbcSettings db) throws SQLException {
        double[] out = new double[w.scopes.size()];
        try (Connection c = db.connect()) {
            for (int sc = 0; sc < out.length; sc++) {
                List<Double> written = written(c, w.scopeMap(sc));
                out[sc] = written.isEmpty() ? 1.0 : written.get(written.size() - 1);
            }
        }
        return out;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double effective(Connection c, Map<String, String> scope) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EFFECTIVE)) {
            ps.setString(1, Json.stringMap(scope));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1).doubleValue();
            }
        }
    }

    private static List<Double> written(Connection c, Map<String, String> scope) throws SQLException {
        List<Double> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(WRITTEN)) {
            ps.setString(1, Json.stringMap(scope));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getBigDecimal(1).doubleValue());
            }
        }
        return out;
    }
}

package io.pmtuner.job;

import io.pmtuner.job.testing.TestJobs;
import io.pmtuner.job.config.JobParameters;
import io.pmtuner.job.config.JobConfig;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.db.SchemaMigrator;
import io.pmtuner.tools.sim.EngineSimulator;
import io.pmtuner.job.testing.PostgresTestBase;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.PostgresExtension.query;
import static io.pmtuner.job.testing.TestJobs.config;
import static io.pmtuner.job.testing.TestJobs.runJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The job runs under a role that may only write its own tables ({@code deploy/db/grants.sql}), an
 * engine under one that may only read its gates, and the database password never shows in the job's
 * logs or on a command line.
 */
class SecurityITCase extends PostgresTestBase {
    static Path input;

    @BeforeAll
    static void input(@TempDir Path dir) throws Exception {
        input = dir.resolve("sim.jsonl");
        try (Writer w = Files.newBufferedWriter(input)) {
            EngineSimulator.write(w, 10, 300, 9, Instant.parse("2026-01-01T00:00:00Z"), 3600, 0.4);
        }
    }

    private static void execute(JdbcSettings db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void theJobRunsUnderARoleThatMayOnlyWriteItsTables() throws Exception {
        JdbcSettings owner = newDatabase();
        SchemaMigrator.migrate(owner);
        execute(owner, Files.readString(Path.of("../deploy/db/grants.sql")));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        execute(owner, "CREATE ROLE tuner_job_" + suffix + " LOGIN IN ROLE pmtuner_writer");
        execute(owner, "CREATE ROLE engine_" + suffix + " LOGIN IN ROLE pmtuner_reader");
        execute(owner, "CREATE ROLE desk_" + suffix + " LOGIN IN ROLE pmtuner_operator");
        // the embedded server's URL names its superuser: the roles connect without it
        String url = owner.url.replaceAll("[?&]user=[^&]*", "");
        JdbcSettings job = new JdbcSettings(url, "tuner_job_" + suffix, null);
        JdbcSettings engine = new JdbcSettings(url, "engine_" + suffix, null);
        JdbcSettings desk = new JdbcSettings(url, "desk_" + suffix, null);
        assertThat(query(job, "SELECT current_user AS u").get(0).get("u")).isEqualTo(job.user);

        runJob(input, job, "--db.migrate", "false", "--judge.min-episodes", "5", "--judge.min-acted", "2", "--judge.min-skipped", "2");

        assertThat(query(owner, "SELECT count(*) AS n FROM pattern_episode_events").get(0).get("n")).isNotEqualTo("0");
        assertThat(query(owner, "SELECT count(*) AS n FROM learning_lessons").get(0).get("n")).isNotEqualTo("0");
        assertThat(query(owner, "SELECT count(*) AS n FROM pm_overrides").get(0).get("n")).isNotEqualTo("0");
        for (String sql : List.of("DELETE FROM pattern_episode_events", "TRUNCATE learning_lessons", "DROP TABLE pm_overrides",
                "UPDATE pm_override_history SET rule = 'x'", "DELETE FROM ingest_rejects", "CREATE TABLE mine (x int)",
                "DELETE FROM flyway_schema_history")) {
            assertRefused(job, sql);
        }
        // the engine reads its effective gates, and nothing else
        assertThat(query(engine, "SELECT ts_min_mult FROM pm_effective_tuning('pm.s1_entry', '{}'::jsonb)")).hasSize(1);
        assertThat(query(engine, "SELECT count(*) AS n FROM pm_overrides")).hasSize(1);
        for (String sql : List.of("SELECT * FROM pattern_episode_events", "INSERT INTO pm_overrides SELECT * FROM pm_overrides",
                "UPDATE pm_overrides SET ts_min_mult = 2")) {
            assertRefused(engine, sql);
        }

        // the control log: an operator writes it, the job and an engine cannot, and no one changes what is in it
        String freeze = "INSERT INTO pm_controls (actor, reason, action) VALUES ('someone', 'test', 'freeze')";
        assertRefused(job, freeze);
        assertRefused(engine, freeze);
        execute(desk, freeze.replace("'someone'", "'" + desk.user + "'"));
        assertThat(query(engine, "SELECT source FROM pm_effective_tuning_explained('pm.s1_entry', '{}'::jsonb)").get(0).get("source"))
                .isEqualTo("freeze");
        assertThat(query(engine, "SELECT ts_min_mult FROM pm_effective_tuning('pm.s1_entry', '{}'::jsonb)").get(0).get("ts_min_mult"))
                .isEqualTo("1.0");
        for (JdbcSettings anyone : List.of(desk, owner)) {
            assertRefused(anyone, "UPDATE pm_controls SET reason = 'rewritten'");
            assertRefused(anyone, "DELETE FROM pm_controls");
        }
        assertRefused(desk, "UPDATE pm_overrides SET ts_min_mult = 2");
        assertThat(query(owner, "SELECT actor FROM pm_controls")).containsExactly(java.util.Map.of("actor", desk.user));
    }

    private static void assertRefused(JdbcSettings role, String sql) {
        SQLException e = catchThrowableOfType(SQLException.class, () -> execute(role, sql));
        assertThat((Throwable) e).as("%s as %s", sql, role.user).isNotNull();
        assertThat(e.getMessage()).as(sql).containsAnyOf("permission denied", "must be owner", "append-only");
    }

    @Test
    void withoutMigrationsAJobThatMayNotMigrateSaysSo() throws Exception {
        JdbcSettings empty = newDatabase();
        assertThatThrownBy(() -> runJob(input, empty, "--db.migrate", "false"))
                .hasMessageContaining("not at this build's version").hasMessageContaining("migrate command");
    }

    @Test
    void thePasswordIsNeverAnArgumentNorPrinted() {
        assertThatThrownBy(() -> JobConfig.parse("--jdbc-password", "x")).isInstanceOf(CommandLine.ParameterException.class);
        assertThat(JobConfig.usage()).doesNotContainIgnoringCase("--jdbc-password").contains(JobConfig.PASSWORD_ENV);
        String secret = "pw-" + UUID.randomUUID();
        assertThat(new JdbcSettings("jdbc:postgresql://h/db", "u", secret).toString()).doesNotContain(secret);
    }

    @Test
    void thePasswordIsNotInTheJobsLogs() throws Exception {
        String secret = "pw-" + UUID.randomUUID();
        JdbcSettings db = newDatabase();
        // the role has no password: the job only has to carry the secret, and never show it
        JobParameters cfg = config(input, db).withDatabase(new JdbcSettings(db.url, db.user, secret));
        StringWriter log = new StringWriter();
        try (AutoCloseable capture = captureLogs(log)) {
            TestJobs.runJob(cfg, JobAssembly.of(cfg));
        }
        assertThat(log.toString()).as("the job logged at INFO").contains("Schema at version").contains("pm-tuner");
        assertThat(log.toString()).doesNotContain(secret);
    }

    /** Adds an appender at INFO (the production level) to the root logger until closed. */
    private static AutoCloseable captureLogs(Writer target) {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        WriterAppender appender = WriterAppender.newBuilder().setName("capture-" + UUID.randomUUID()).setTarget(target)
                .setLayout(PatternLayout.newBuilder().withPattern("%c %m%n%ex").build()).build();
        appender.start();
        LoggerConfig root = ctx.getConfiguration().getRootLogger();
        Level before = root.getLevel();
        root.addAppender(appender, Level.INFO, null);
        root.setLevel(Level.INFO);
        ctx.updateLoggers();
        return () -> {
            root.removeAppender(appender.getName());
            root.setLevel(before);
            ctx.updateLoggers();
            appender.stop();
        };
    }
}

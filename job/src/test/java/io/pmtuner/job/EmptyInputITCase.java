package io.pmtuner.job;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.functions.Progress;
import io.pmtuner.job.testing.PostgresTestBase;

import org.apache.flink.api.common.JobExecutionResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.PostgresExtension.query;
import static io.pmtuner.job.testing.TestJobs.runJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bounded run that reads no event fails, naming its input, unless --input.allow-empty says otherwise. */
class EmptyInputITCase extends PostgresTestBase {
    @Test
    void anEmptyFileOrDirectoryFailsBeforeTheJobStarts(@TempDir Path dir) throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.jsonl"));
        Path emptyDir = Files.createDirectories(dir.resolve("in"));
        Files.write(emptyDir.resolve(".hidden.jsonl"), List.of("{\"v\": 1}")); // the source skips it
        JdbcSettings db = newDatabase();
        assertThatThrownBy(() -> runJob(empty, db)).hasMessage("--input " + empty + " is empty: nothing to do (--input.allow-empty runs anyway)");
        assertThatThrownBy(() -> runJob(emptyDir, db)).hasMessageContaining("--input " + emptyDir + " holds no non-empty file");
        assertThat(query(db, "SELECT count(*) AS n FROM pattern_episode_events").get(0).get("n")).isEqualTo("0");
    }

    @Test
    void aRunThatReadNoEventFailsAfterwards(@TempDir Path dir) throws Exception {
        Path blank = Files.write(dir.resolve("blank.jsonl"), List.of("", "  ", ""));
        assertThatThrownBy(() -> runJob(blank, newDatabase()))
                .hasMessage("read no event from --input " + blank + ": the run did nothing (--input.allow-empty accepts that)");
    }

    /** With --input.allow-empty an empty or blank input is a run that ends well, claims its tables and writes nothing else. */
    @Test
    void allowEmptyRunsAnyway(@TempDir Path dir) throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.jsonl"));
        Path blank = Files.write(dir.resolve("blank.jsonl"), List.of(""));
        for (Path input : List.of(empty, blank)) {
            JdbcSettings db = newDatabase();
            JobExecutionResult result = runJob(input, db, "--input.allow-empty");
            assertThat(result.isJobExecutionResult()).as("the job ran to its end").isTrue();
            Long read = result.getAccumulatorResult(Progress.EVENTS_READ);
            assertThat(read == null ? 0L : read).as("events read from " + input).isZero();
            assertThat(query(db, "SELECT count(*) AS n FROM pm_tuner_run_options").get(0).get("n")).as("the run claimed its tables").isEqualTo("1");
            for (String table : List.of("pattern_episode_events", "ingest_rejects", "learning_lessons", "pm_overrides", "pm_override_history")) {
                assertThat(query(db, "SELECT count(*) AS n FROM " + table).get(0).get("n")).as(table).isEqualTo("0");
            }
        }
    }
}

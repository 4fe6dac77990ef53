package io.pmtuner.job;

import io.pmtuner.job.testing.TestJobs;
import io.pmtuner.job.config.JobParameters;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.testing.KafkaBroker;
import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.job.testing.Tables;
import io.pmtuner.tools.sim.EngineSimulator;
import io.pmtuner.tools.sim.LineMutator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.TestJobs.config;
import static io.pmtuner.job.testing.TestJobs.runJob;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trickle of corrupt lines, as a flaky link or a bad disk leaves them: 0.3 % of a stream of 55 series
 * get a copy with one byte changed (a digit of a date, a seq or a number, a letter of a key or a value,
 * a punctuation mark), replacing the line or joining the stream near it. The corrupt lines cost at most
 * as many good lines as they are, and the episodes stay within 1 % of the clean stream's: from a file
 * and from Kafka, at p=1 and p=2.
 */
class TrickleITCase extends PostgresTestBase {
    static final int SERIES = 55;
    static List<String> clean;
    static LineMutator.Result trickle;
    static int cleanEpisodes;
    static Path trickleFile;

    @BeforeAll
    static void cleanRun(@TempDir Path dir) throws Exception {
        clean = EngineSimulator.lines(SERIES, 240, 23, Instant.parse("2026-01-01T00:00:00Z"), 3600, 0.35);
        trickle = LineMutator.mutate(clean, 0.003, 29);
        assertThat(trickle.mutations()).hasSizeGreaterThan(30);
        JdbcSettings db = newDatabase();
        runJob(Files.write(dir.resolve("clean.jsonl"), clean), db);
        Map<String, List<Map<String, String>>> tables = Tables.snapshot(db);
        assertThat(tables.get("ingest_rejects")).isEmpty();
        cleanEpisodes = tables.get("pattern_episode_events").size();
        assertThat(cleanEpisodes).isGreaterThan(400);
        trickleFile = Files.write(dir.resolve("trickle.jsonl"), trickle.lines());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        KafkaBroker.stop();
    }

    @Test
    void fromAFile() throws Exception {
        for (String p : List.of("1", "2")) {
            JdbcSettings db = newDatabase();
            runJob(trickleFile, db, "--parallelism", p);
            assertCostsLittle(Tables.snapshot(db), "file at p=" + p);
        }
    }

    @Test
    void fromKafka() throws Exception {
        KafkaBroker.createTopic("trickle", 4);
        KafkaBroker.produce("trickle", trickle.lines(), null);
        for (String p : List.of("1", "2")) {
            JdbcSettings db = newDatabase();
            JobParameters cfg = config(null, db, "--kafka.bootstrap-servers", KafkaBroker.bootstrapServers(), "--kafka.group-id", "trickle-" + p,
                    "--kafka.topic", "trickle", "--kafka.stop", "latest", "--parallelism", p);
            TestJobs.runJob(cfg, JobAssembly.of(cfg));
            assertCostsLittle(Tables.snapshot(db), "Kafka at p=" + p);
        }
    }

    private static void assertCostsLittle(Map<String, List<Map<String, String>>> tables, String run) {
        Set<String> good = new HashSet<>(clean);
        Map<String, Integer> goodRejected = new TreeMap<>();
        int corruptRejected = 0;
        for (Map<String, String> r : tables.get("ingest_rejects")) {
            if (good.contains(r.get("raw"))) goodRejected.merge(r.get("reason"), 1, Integer::sum);
            else corruptRejected++;
        }
        int lost = goodRejected.values().stream().mapToInt(Integer::intValue).sum();
        int episodes = tables.get("pattern_episode_events").size();
        System.out.printf("trickle, %s: %d corrupt lines (%d replaced, %d joined), %d of them rejected; good lines rejected %s;"
                        + " %d episodes against %d from the clean stream%n", run, trickle.mutations().size(), trickle.replaced(), trickle.joined(),
                corruptRejected, goodRejected, episodes, cleanEpisodes);
        assertThat(lost).as("good lines rejected (%s), %s", goodRejected, run).isLessThanOrEqualTo(trickle.mutations().size());
        assertThat(goodRejected).as(run).doesNotContainKey("late");
        assertThat((double) Math.abs(episodes - cleanEpisodes)).as("episodes %d against %d, %s", episodes, cleanEpisodes, run)
                .isLessThanOrEqualTo(0.01 * cleanEpisodes);
    }
}

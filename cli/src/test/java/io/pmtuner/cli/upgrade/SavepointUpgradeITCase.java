package io.pmtuner.cli.upgrade;

import io.pmtuner.cli.LauncherRun;
import io.pmtuner.job.SavepointForm;
import io.pmtuner.job.testing.PostgresExtension;
import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.job.testing.TestJobs;
import io.pmtuner.job.testing.SavepointRuns;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import io.pmtuner.job.functions.EventTimeBuffer;
import io.pmtuner.job.functions.MinerFunction;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.pmtuner.job.testing.SavepointRuns.allTables;
import static io.pmtuner.job.testing.SavepointRuns.assertCarriedOn;
import static io.pmtuner.job.testing.SavepointRuns.parts;
import static io.pmtuner.job.testing.SavepointRuns.restoreAndRunThrough;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Savepoints of builds before the tuning state classes moved (committed under {@code src/test/resources/savepoints}:
 * {@code v1}, the first release's; {@code v2}, the build before the quorum clock, whose stream clock and
 * transition state the job itself migrates on restore; {@code v2-calibrated}, a calibrated run before the
 * lattice judge; {@code v2-lattice}, a lattice judge's run of the build just before the move; {@code v2-p2}, that
 * build's spec run at parallelism 2) go through
 * {@code upgrade-savepoint}, as a user runs it, and the job then restores the result and carries on as an
 * uninterrupted run would.
 */
class SavepointUpgradeITCase extends PostgresTestBase {
    static final Path FIXTURES = Path.of("src/test/resources/savepoints");

    /** Upgrades a copy of the committed fixture {@code version} with the command; returns the upgraded savepoint. */
    private static Path upgraded(String version, Path dir) throws Exception {
        Path old = SavepointRuns.copy(FIXTURES.resolve(version), dir.resolve("old"));
        assertThat(SavepointForm.namesEarlierTuningClasses(old)).as("the fixture names the earlier classes").isTrue();
        Path upgraded = dir.resolve("upgraded");
        LauncherRun run = LauncherRun.of("upgrade-savepoint", "--from", old.toString(), "--to", upgraded.toString());
        assertThat(run.status()).as(String.join("\n", run.err())).isZero();
        assertThat(run.out()).contains("state rewritten: miner, judge;");
        assertThat(SavepointForm.namesEarlierTuningClasses(upgraded)).as("the upgraded savepoint names only this build's classes").isFalse();
        return upgraded;
    }

    @ParameterizedTest(name = "{0} into {1}")
    @CsvSource({"v1, hashmap", "v1, rocksdb", "v2, hashmap", "v2, rocksdb", "v2-lattice, hashmap", "v2-lattice, rocksdb",
            "v2-p2, hashmap", "v2-p2, rocksdb"})
    void anUpgradedSavepointRestoresAndCarriesOn(String version, String backend, @TempDir Path dir) throws Exception {
        boolean calibrated = version.equals("v2-lattice");
        String[] args = calibrated ? SavepointRuns.CALIBRATED_ARGS : SavepointRuns.ARGS;
        // v2-p2 was taken at parallelism 2 (a state handle per subtask); both runs go on at 2
        if (version.endsWith("-p2")) args = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--parallelism", "2")).toArray(String[]::new);
        var runs = restoreAndRunThrough(upgraded(version, dir), backend, parts(calibrated), args, dir);
        // the judge's tables too: its state came across
        assertCarriedOn(runs, allTables());
    }

    /**
     * Every key of the miner and the judge, with every state and timer it has, reads the same from the upgraded
     * savepoint with this build's classes as from the original with the earlier build's, field for field.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"v1", "v2", "v2-calibrated", "v2-lattice", "v2-p2"})
    void everyKeyComesAcrossFieldForField(String version, @TempDir Path dir) throws Exception {
        Path upgraded = upgraded(version, dir);
        for (String uid : SavepointUpgrade.OPERATORS.keySet()) {
            if (uid.equals(io.pmtuner.job.PmTunerJob.CHALLENGER_JUDGE)) continue; // no fixture runs a challenger
            Map<String, JsonNode> before = keyStates(dir.resolve("old"), uid, true);
            Map<String, JsonNode> after = keyStates(upgraded, uid, false);
            // the judge of the build before the lattice kept a state this build does not read, and it is left behind
            if (!(version.equals("v2-calibrated") && uid.equals(io.pmtuner.job.PmTunerJob.JUDGE))) assertThat(before).as(uid + " keys").isNotEmpty();
            assertThat(after).as(uid).isEqualTo(before);
        }
        if (version.equals("v2-lattice")) {
            assertThat(keyStates(upgraded, io.pmtuner.job.PmTunerJob.JUDGE, false).values())
                    .as("the lattice judge's calibrations").anySatisfy(j -> assertThat(j.has("lattice-gates")).isTrue());
        }
    }

    /**
     * What none of the committed fixtures holds: votes still waiting for the watermark, with their timers, and a
     * challenger judge with every state a judge keeps. Written in the earlier form, upgraded, each key reads the
     * same in this build's form.
     */
    @Test
    void waitingVotesTimersAndAChallengerComeAcross(@TempDir Path dir) throws Exception {
        String old = dir.resolve("old").toUri().toString();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        var keys = env.fromData("pm.s1_entry|{}", "pm.s3_retest|{\"chain\":\"solana\"}");
        SavepointWriter.newSavepoint(env, new HashMapStateBackend(), 128)
                .withOperator(OperatorIdentifier.forUid(io.pmtuner.job.PmTunerJob.MINER), OperatorTransformation
                        .bootstrapWith(keys).keyBy(k -> k, Types.STRING).transform(new EarlierMinerState()))
                .withOperator(OperatorIdentifier.forUid(io.pmtuner.job.PmTunerJob.CHALLENGER_JUDGE), OperatorTransformation
                        .bootstrapWith(keys).keyBy(k -> k, Types.STRING).transform(new EarlierJudgeState()))
                .write(old);
        env.execute("an earlier build's miner and challenger state");

        String upgraded = dir.resolve("upgraded").toUri().toString();
        assertThat(SavepointUpgrade.run(StreamExecutionEnvironment.getExecutionEnvironment(), old, upgraded))
                .containsExactly(io.pmtuner.job.PmTunerJob.MINER, io.pmtuner.job.PmTunerJob.CHALLENGER_JUDGE);
        Map<String, JsonNode> miner = keyStates(dir.resolve("old"), io.pmtuner.job.PmTunerJob.MINER, true);
        assertThat(miner).hasSize(2).allSatisfy((k, j) -> {
            assertThat(j.get(MinerFunction.PENDING_VOTES).size()).isEqualTo(2);
            assertThat(j.get(StateJson.TIMERS)).hasSize(2);
        });
        assertThat(keyStates(dir.resolve("upgraded"), io.pmtuner.job.PmTunerJob.MINER, false)).isEqualTo(miner);
        Map<String, JsonNode> judge = keyStates(dir.resolve("old"), io.pmtuner.job.PmTunerJob.CHALLENGER_JUDGE, true);
        assertThat(judge).hasSize(2).allSatisfy((k, j) -> assertThat(j.size()).as("every state of a judge, and its timers").isEqualTo(6));
        assertThat(keyStates(dir.resolve("upgraded"), io.pmtuner.job.PmTunerJob.CHALLENGER_JUDGE, false)).isEqualTo(judge);
    }

    /** A judge key as a build before the move kept it, with each state either judge mode kept, and a vote waiting with its timer. */
    static final class EarlierJudgeState extends KeyedStateBootstrapFunction<String, String> {
        private transient List<StateSlot.Bound> states;

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
            states = StateSlot.register(StateSlot.Role.JUDGE, getRuntimeContext(), true);
        }

        @Override
        public void processElement(String key, Context ctx) throws Exception {
            io.pmtuner.job.tuning.JudgeState spec = new io.pmtuner.job.tuning.JudgeState();
            spec.tsMinMult = 0.95;
            spec.version = 2;
            spec.decidedTs = 1_769_990_000_000L;
            spec.window.skippedSuccess = 4;
            spec.window.missedBlockedBy.put("halo", 3L);
            spec.budget.day = 20_480;
            spec.budget.changes = 1;
            states.get(0).value().update(spec);

            long knownTs = 1_770_000_000_000L;
            io.pmtuner.job.tuning.Vote v = new io.pmtuner.job.tuning.Vote();
            v.key = key;
            v.tuningKey = "pm.tuning.s1_gates";
            v.outcome = "failure";
            v.knownTs = knownTs;
            v.haloImplied = 1.07;
            states.get(1).map().put(knownTs, List.of(v));
            ctx.timerService().registerEventTimeTimer(knownTs);

            io.pmtuner.job.tuning.calibrated.GateCalibration ts = new io.pmtuner.job.tuning.calibrated.GateCalibration();
            ts.lo = 0.5;
            ts.binWidth = 0.01;
            ts.bins = 3;
            ts.totalSuccesses = new int[] {0, 1, 2, 0, 0};
            ts.totalFailures = new int[] {1, 0, 0, 0, 2};
            io.pmtuner.job.tuning.calibrated.Block block = new io.pmtuner.job.tuning.calibrated.Block();
            block.successes = new int[] {0, 1, 2, 0, 0};
            block.failures = new int[] {1, 0, 0, 0, 2};
            block.episodes = 6;
            ts.blocks.add(block);
            ts.hasFit = true;
            ts.fitA = Double.NaN;
            ts.fitB = -3.25;
            ts.inheritedFrom = "{}";
            io.pmtuner.job.tuning.calibrated.CalibratedJudgeState gates = new io.pmtuner.job.tuning.calibrated.CalibratedJudgeState();
            gates.ts = ts;
            gates.version = 1;
            gates.aValueMult = 1.1;
            states.get(2).map().put("{\"chain\":\"solana\"}", gates);
            io.pmtuner.job.tuning.calibrated.OwnKey own = new io.pmtuner.job.tuning.calibrated.OwnKey();
            own.multiplier = 0.97;
            own.evidence = 40;
            own.decidedTs = knownTs - 3_600_000L;
            states.get(3).map().put("{}", own);
            states.get(4).map().put("{}", own);
        }
    }

    /** A miner key as a build before the move kept it: a lesson, and two votes due at two times, each time with its timer. */
    static final class EarlierMinerState extends KeyedStateBootstrapFunction<String, String> {
        private transient MapState<Long, List<io.pmtuner.job.tuning.Vote>> pending;
        private transient ValueState<io.pmtuner.job.tuning.Lesson> lesson;

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
            pending = getRuntimeContext().getMapState(EventTimeBuffer.descriptor(MinerFunction.PENDING_VOTES, TypeInformation.of(io.pmtuner.job.tuning.Vote.class)));
            lesson = getRuntimeContext().getState(new ValueStateDescriptor<>(MinerFunction.lessonState().getName(), io.pmtuner.job.tuning.Lesson.class));
        }

        @Override
        public void processElement(String key, Context ctx) throws Exception {
            for (long knownTs : new long[] {1_770_000_000_000L, 1_770_003_600_000L}) {
                io.pmtuner.job.tuning.Vote v = new io.pmtuner.job.tuning.Vote();
                v.key = key;
                v.patternKey = key.substring(0, key.indexOf('|'));
                v.subsetJson = key.substring(key.indexOf('|') + 1);
                v.episodeId = key + "@" + knownTs;
                v.outcome = "success";
                v.blockedBy = List.of("ts", "halo");
                v.knownTs = knownTs;
                v.decisionTs = knownTs - 7_200_000L;
                v.tsImplied = Double.NaN;
                v.haloImplied = 0.93;
                v.tsPassed = false;
                pending.put(knownTs, List.of(v));
                ctx.timerService().registerEventTimeTimer(knownTs);
            }
            io.pmtuner.job.tuning.Lesson l = new io.pmtuner.job.tuning.Lesson();
            l.patternKey = key;
            l.counts.actedSuccess = 3;
            l.counts.missedBlockedBy.put("ts", 2L);
            l.votes = 5;
            lesson.update(l);
        }
    }

    private static Map<String, JsonNode> keyStates(Path savepoint, String uid, boolean earlier) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        Map<String, JsonNode> states = new TreeMap<>();
        try (CloseableIterator<KeyState> it = SavepointReader.read(env, savepoint.toUri().toString(), new HashMapStateBackend())
                .readKeyedState(OperatorIdentifier.forUid(uid), new KeyStateReader(SavepointUpgrade.OPERATORS.get(uid), earlier),
                        Types.STRING, TypeInformation.of(KeyState.class)).executeAndCollect()) {
            it.forEachRemaining(k -> {
                try {
                    states.put(k.key, StateJson.MAPPER.readTree(k.json));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        return states;
    }

    /**
     * A calibrated run of the build before the lattice judge: everything but the judge carries on; the judge starts
     * learning again, since it now keeps its state per pattern where that build kept it per subset (that state is not carried over).
     */
    @ParameterizedTest(name = "into {0}")
    @CsvSource({"hashmap", "rocksdb"})
    void aCalibratedSavepointOfTheBuildBeforeTheLatticeJudgeRestores(String backend, @TempDir Path dir) throws Exception {
        var runs = restoreAndRunThrough(upgraded("v2-calibrated", dir), backend, parts(true), SavepointRuns.CALIBRATED_ARGS, dir);
        assertCarriedOn(runs, List.of("pattern_episode_events", "ingest_rejects", "learning_lessons"));
    }

    /** Restoring an earlier savepoint without upgrading it is refused before the job starts, saying what to run. */
    @Test
    void theJobRefusesAnEarlierSavepointInOneLine(@TempDir Path dir) throws Exception {
        Path old = SavepointRuns.copy(FIXTURES.resolve("v2"), dir.resolve("old"));
        Path in = Files.createDirectories(dir.resolve("in"));
        for (String given : List.of(old.toUri().toString(), old.toString(), old.resolve("_metadata").toString())) {
            assertThatThrownBy(() -> TestJobs.startJob(in, PostgresExtension.newDatabase(), null, given, SavepointRuns.ARGS))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("savepoint " + given + " was taken by a build before 2026-12-08, whose state classes this build does not have:"
                            + " convert it first (" + SavepointForm.UPGRADE + ") and restore NEW");
        }
    }

    @Test
    void mistakesAreOneLine(@TempDir Path dir) throws Exception {
        LauncherRun noSavepoint = LauncherRun.of("upgrade-savepoint", "--from", dir.toString(), "--to", dir.resolve("new").toString());
        assertThat(noSavepoint.status()).isEqualTo(2);
        assertThat(noSavepoint.err()).containsExactly("pm-tuner: --from " + dir + " is not a savepoint: it has no _metadata (see pm-tuner-local upgrade-savepoint --help)");

        Path upgraded = upgraded("v2", dir);
        LauncherRun occupied = LauncherRun.of("upgrade-savepoint", "--from", FIXTURES.resolve("v2").toString(), "--to", upgraded.toString());
        assertThat(occupied.status()).isEqualTo(2);
        assertThat(occupied.err()).singleElement().asString().startsWith("pm-tuner: --to " + upgraded + " exists and is not an empty directory");

        LauncherRun again = LauncherRun.of("upgrade-savepoint", "--from", upgraded.toString(), "--to", dir.resolve("again").toString());
        assertThat(again.status()).as("a run that did nothing").isEqualTo(2);
        assertThat(again.err()).singleElement().asString().startsWith("pm-tuner: nothing to upgrade: " + upgraded);
        assertThat(dir.resolve("again")).doesNotExist();
        assertThat(Files.list(FIXTURES.resolve("v2")).count()).as("the old savepoint is left as it was").isEqualTo(2);
    }
}

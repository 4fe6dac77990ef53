package io.pmtuner.job;

import io.pmtuner.job.testing.PostgresTestBase;
import io.pmtuner.job.testing.SavepointRuns;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static io.pmtuner.job.testing.SavepointRuns.allTables;
import static io.pmtuner.job.testing.SavepointRuns.assertCarriedOn;
import static io.pmtuner.job.testing.SavepointRuns.copy;
import static io.pmtuner.job.testing.SavepointRuns.parts;
import static io.pmtuner.job.testing.SavepointRuns.restoreAndRunThrough;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upgrade compatibility within this build's state classes: savepoints written by it are committed under
 * {@code src/test/resources/savepoints} ({@code v3}: the spec judge; {@code v3-calibrated}: the lattice judge),
 * and this build must restore each and carry on exactly as an uninterrupted run would, judge tables included.
 * Savepoints of builds before the state classes moved are the cli module's ({@code SavepointUpgradeITCase}:
 * upgraded, then restored). A change that breaks restoring one fails here; to write a fixture from the current
 * build, run {@code mvn verify -pl job -Dit.test=SavepointCompatibilityITCase -Dsavepoint.fixture.write=v4}
 * (add {@code -Dsavepoint.fixture.calibrated=true} for a calibrated run) and say why in the commit.
 */
class SavepointCompatibilityITCase extends PostgresTestBase {
    static final Path FIXTURES = Path.of("src/test/resources/savepoints");

    @Test
    @EnabledIfSystemProperty(named = "savepoint.fixture.write", matches = "v[0-9]+.*")
    void writeTheFixture(@TempDir Path dir) throws Exception {
        boolean calibrated = Boolean.getBoolean("savepoint.fixture.calibrated");
        SavepointRuns.writeFixture(FIXTURES.resolve(System.getProperty("savepoint.fixture.write")), parts(calibrated),
                calibrated ? SavepointRuns.CALIBRATED_ARGS : SavepointRuns.ARGS, dir);
    }

    /** The fixtures were written on the heap; a canonical savepoint restores into either backend. */
    @ParameterizedTest(name = "{0} into {1}")
    @CsvSource({"v3, hashmap", "v3, rocksdb", "v3-calibrated, hashmap", "v3-calibrated, rocksdb"})
    void restoresTheCommittedSavepointAndCarriesOn(String version, String backend, @TempDir Path dir) throws Exception {
        boolean calibrated = version.endsWith("-calibrated");
        Path savepoint = copy(FIXTURES.resolve(version), dir.resolve("savepoint"));
        assertThat(SavepointForm.namesEarlierTuningClasses(savepoint)).as("a savepoint of this build's classes").isFalse();
        var runs = restoreAndRunThrough(savepoint, backend, parts(calibrated), calibrated ? SavepointRuns.CALIBRATED_ARGS : SavepointRuns.ARGS, dir);
        assertCarriedOn(runs, allTables());
    }
}

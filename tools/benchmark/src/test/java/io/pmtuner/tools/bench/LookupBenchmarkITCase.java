package io.pmtuner.tools.bench;

import io.pmtuner.job.db.EmbeddedDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lookup benchmark at a small size, so that it keeps working: it fills the keys and controls it
 * says and measures both readers. The figures themselves are not asserted (docs/benchmark.md has a
 * full run's).
 */
class LookupBenchmarkITCase {
    @Test
    void fillsWhatItSaysAndMeasuresBothReaders(@TempDir Path dir) throws Exception {
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(dir.resolve("pg"), 0, false)) {
            LookupBenchmark.Figures f = LookupBenchmark.measure(pg.admin(), 500, 120, 200, 3);
            assertThat(f.overrides()).isEqualTo(500);
            assertThat(f.controls()).isEqualTo(120);
            assertThat(f.sqlReadsPerSecond()).isPositive();
            assertThat(f.sqlP99Micros()).isGreaterThanOrEqualTo(f.sqlP50Micros());
            assertThat(f.javaReadsPerSecond()).isPositive();
            assertThat(f.javaLoadMillis()).isPositive();
        }
    }
}

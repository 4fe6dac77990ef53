package io.pmtuner.tools.bench;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

import java.util.List;

/**
 * The live run's input: the benchmark's lines at a fixed rate ({@link PacedRateLimiter}), from Flink's
 * data generator, each stamped with the wall-clock time it entered the job (the benchmark and its
 * MiniCluster share a JVM).
 * After the last line it sends blank lines, which the job skips, so the job stays up to be measured.
 */
final class LiveSource {
    static volatile List<String> lines = List.of();
    static volatile long[] emittedAt = new long[0];

    private LiveSource() {}

    static void prepare(List<String> input) {
        lines = input;
        emittedAt = new long[input.size()];
    }

    static DataGeneratorSource<String> create(double perSecond) {
        GeneratorFunction<Long, String> next = index -> {
            if (index >= lines.size()) return "";
            emittedAt[index.intValue()] = System.currentTimeMillis();
            return lines.get(index.intValue());
        };
        return new DataGeneratorSource<>(next, Long.MAX_VALUE, PacedRateLimiter.perSecond(perSecond), Types.STRING);
    }

    static boolean allEmitted() {
        long[] at = emittedAt;
        return at.length > 0 && at[at.length - 1] != 0;
    }
}

package io.pmtuner.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionLayoutTest {
    private static String tick(String contract, int seq) {
        return "{\"v\":1,\"type\":\"tick\",\"series\":{\"book\":\"b\",\"chain\":\"solana\",\"contract\":\"" + contract
                + "\",\"timeframe\":\"1h\"},\"bar_ts\":\"2026-01-01T0" + seq + ":00:00Z\",\"seq\":" + seq + "}";
    }

    @Test
    void everyLineLandsOnceAndASeriesStaysInOnePartitionInItsOrder(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (int seq = 1; seq <= 4; seq++) for (String c : List.of("aaa", "bbb", "ccc", "ddd", "eee")) first.add(tick(c, seq));
        for (int seq = 5; seq <= 8; seq++) for (String c : List.of("aaa", "bbb", "ccc", "ddd", "eee")) second.add(tick(c, seq));
        second.add("not json");
        Files.write(in.resolve("1.jsonl"), first);
        Files.write(in.resolve("2.jsonl"), second);
        Files.write(in.resolve(".hidden.jsonl"), List.of(tick("zzz", 1)));

        Path out = dir.resolve("out");
        assertThat(PartitionLayout.write(in, out, 3)).isEqualTo(first.size() + second.size());

        List<String> all = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            for (String file : List.of("1.jsonl", "2.jsonl")) {
                Path f = out.resolve("p" + p).resolve(file);
                if (!Files.exists(f)) continue;
                List<String> part = Files.readAllLines(f);
                List<String> source = file.equals("1.jsonl") ? first : second;
                // the partition's lines are the input's lines of that partition, in the input's order
                assertThat(part).isEqualTo(source.stream().filter(l -> PartitionLayout.partitionOf(l, 3) == partitionOfFirst(part)).toList());
                all.addAll(part);
            }
        }
        assertThat(all).containsExactlyInAnyOrderElementsOf(concat(first, second)).doesNotContain(tick("zzz", 1));
        for (String c : List.of("aaa", "bbb", "ccc", "ddd", "eee")) {
            assertThat(PartitionLayout.partitionOf(tick(c, 1), 3)).as(c).isEqualTo(PartitionLayout.partitionOf(tick(c, 7), 3));
        }
        assertThat(PartitionLayout.partitionOf("not json", 3)).isZero();
        assertThat(Files.readAllLines(out.resolve("p0").resolve("2.jsonl"))).contains("not json");
    }

    @Test
    void aNonEmptyOutputOrNothingToLayOutIsRefused(@TempDir Path dir) throws Exception {
        Path in = Files.write(dir.resolve("in.jsonl"), List.of(tick("aaa", 1)));
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("keep.txt"), "x");
        assertThatThrownBy(() -> PartitionLayout.write(in, out, 2)).hasMessageContaining("is not empty");
        assertThatThrownBy(() -> PartitionLayout.write(Files.createDirectories(dir.resolve("empty")), dir.resolve("out2"), 2))
                .hasMessageContaining("holds no file");
        assertThatThrownBy(() -> PartitionLayout.write(in, dir.resolve("out3"), 0)).hasMessageContaining("at least 1");
    }

    private static int partitionOfFirst(List<String> lines) {
        return PartitionLayout.partitionOf(lines.get(0), 3);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}

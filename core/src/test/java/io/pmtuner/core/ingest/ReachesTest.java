package io.pmtuner.core.ingest;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The k-th latest reach, kept as reaches come, move and go, equals the one found by sorting them all. */
class ReachesTest {
    @Test
    void theKthLatestIsTheSortedOnes() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            Reaches reaches = new Reaches();
            List<Long> all = new ArrayList<>();
            int bars = 1 + random.nextInt(round % 2 == 0 ? 4 : 400); // few distinct bar times, or many
            for (int step = 0; step < 500; step++) {
                int action = random.nextInt(10);
                if (action < 5 || all.isEmpty()) {
                    long r = random.nextInt(bars) * 3_600_000L;
                    reaches.add(r);
                    all.add(r);
                } else if (action < 8) { // a series moves on by a bar or two, as most do
                    int i = random.nextInt(all.size());
                    long from = all.get(i), to = from + (1 + random.nextInt(2)) * 3_600_000L;
                    reaches.remove(from);
                    reaches.add(to);
                    all.set(i, to);
                } else {
                    reaches.remove(all.remove(random.nextInt(all.size())));
                }
                int k = 1 + random.nextInt(all.size() + 2);
                List<Long> sorted = new ArrayList<>(all);
                sorted.sort(Comparator.reverseOrder());
                long expected = k <= sorted.size() ? sorted.get(k - 1) : Long.MIN_VALUE;
                assertThat(reaches.kthLatest(k)).as("round %d step %d, k %d of %d", round, step, k, all.size()).isEqualTo(expected);
                assertThat(reaches.size()).isEqualTo(all.size());
            }
        }
    }
}

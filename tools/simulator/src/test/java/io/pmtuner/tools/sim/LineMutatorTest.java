package io.pmtuner.tools.sim;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LineMutatorTest {
    static final String TICK = "{\"v\":1,\"type\":\"tick\",\"series\":{\"book\":\"main\",\"chain\":\"sol\",\"contract\":\"tok1\",\"timeframe\":\"1h\"},"
            + "\"bar_ts\":\"2026-01-01T05:00:00Z\",\"seq\":6,\"state\":\"S0\",\"price\":1.25}";

    @Test
    void eachKindChangesOneByteOfItsPart() {
        Random rnd = new Random(1);
        for (LineMutator.Kind kind : LineMutator.Kind.values()) {
            for (int k = 0; k < 50; k++) {
                String copy = LineMutator.mutate(TICK, kind, rnd);
                assertThat(copy).hasSameSizeAs(TICK).isNotEqualTo(TICK);
                int i = 0;
                while (copy.charAt(i) == TICK.charAt(i)) i++;
                assertThat(copy.substring(i + 1)).as("one byte").isEqualTo(TICK.substring(i + 1));
                String around = TICK.substring(Math.max(0, i - 12), i + 1);
                switch (kind) {
                    case DATE_DIGIT -> assertThat(TICK.indexOf("2026-01-01T05:00:00Z")).isLessThanOrEqualTo(i)
                            .isGreaterThan(i - 20);
                    case SEQ_DIGIT -> assertThat(around).endsWith("\"seq\":6");
                    case NUMBER_DIGIT -> assertThat(Character.isDigit(TICK.charAt(i))).isTrue();
                    case KEY_LETTER, VALUE_LETTER -> assertThat(Character.isLetter(TICK.charAt(i))).isTrue();
                    case PUNCTUATION -> assertThat("{}[]:,\"").contains(String.valueOf(TICK.charAt(i)));
                }
            }
        }
    }

    @Test
    void aShareOfLinesIsCorruptedReplacedOrJoinedTheSameForTheSameSeed() {
        List<String> lines = EngineSimulator.lines(20, 100, 3, Instant.parse("2026-01-01T00:00:00Z"), 3600, 0.4);
        LineMutator.Result r = LineMutator.mutate(lines, 0.05, 7);
        assertThat(r.mutations()).hasSize((int) Math.round(0.05 * lines.size()));
        assertThat(r.lines()).hasSize(lines.size() + (int) r.joined());
        assertThat(r.replaced()).isPositive();
        assertThat(r.joined()).isPositive();
        assertThat(r.mutations()).extracting(LineMutator.Mutation::kind).contains(LineMutator.Kind.values());
        for (LineMutator.Mutation m : r.mutations()) assertThat(r.lines()).contains(m.text()).doesNotContain(m.replaced() ? lines.get(m.line()) : "\u0000");
        assertThat(LineMutator.mutate(lines, 0.05, 7)).isEqualTo(r);
        assertThat(LineMutator.mutate(lines, 0.05, 8).lines()).isNotEqualTo(r.lines());
    }
}

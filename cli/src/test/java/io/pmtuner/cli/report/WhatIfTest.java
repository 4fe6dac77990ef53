package io.pmtuner.cli.report;

import io.pmtuner.model.EpisodeDecision;
import io.pmtuner.model.Outcome;
import io.pmtuner.cli.report.RecordedEpisode.GateReading;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The what-if against a table small enough to count by hand. */
class WhatIfTest {
    static final Instant T = Instant.parse("2026-01-05T00:00:00Z");

    static RecordedEpisode ep(String pattern, Map<String, String> scope, String decision, String outcome, boolean gap, Map<String, GateReading> gates) {
        return new RecordedEpisode(pattern, scope, EpisodeDecision.of(decision), Outcome.of(outcome), gap, T, T.plusSeconds(3600), gates);
    }

    /** A ts gate of base 0.6 recorded at multiplier {@code m}: threshold 0.6 m, passing when value >= threshold. */
    static GateReading ts(double value, double m) {
        return new GateReading(value, 0.6 * m, 0.6, value >= 0.6 * m);
    }

    static final Map<String, String> SOL = Map.of("chain", "solana");
    static final Map<String, String> ETH = Map.of("chain", "ethereum");

    /**
     * Six evidence episodes recorded at multiplier 1.0 (threshold 0.6), values 0.50 .. 0.80, and five that
     * are not evidence (another gate failed, a data gap, neutral, pending, another pattern).
     */
    static List<RecordedEpisode> table() {
        List<RecordedEpisode> t = new ArrayList<>();
        t.add(ep("pm.s1_entry", SOL, "skipped", "success", false, Map.of("ts", ts(0.50, 1.0))));
        t.add(ep("pm.s1_entry", SOL, "skipped", "failure", false, Map.of("ts", ts(0.55, 1.0))));
        t.add(ep("pm.s1_entry", ETH, "skipped", "success", false, Map.of("ts", ts(0.58, 1.0), "halo", new GateReading(1.0, 2.0, 2.0, true))));
        t.add(ep("pm.s1_entry", SOL, "acted", "failure", false, Map.of("ts", ts(0.62, 1.0))));
        t.add(ep("pm.s1_entry", SOL, "acted", "success", false, Map.of("ts", ts(0.70, 1.0))));
        t.add(ep("pm.s1_entry", ETH, "skipped", "success", false, Map.of("ts", ts(0.80, 1.0))));
        // not evidence
        t.add(ep("pm.s1_entry", SOL, "skipped", "success", false, Map.of("ts", ts(0.90, 1.0), "halo", new GateReading(3.0, 2.0, 2.0, false))));
        t.add(ep("pm.s1_entry", SOL, "acted", "success", true, Map.of("ts", ts(0.90, 1.0))));
        t.add(ep("pm.s1_entry", SOL, "acted", "neutral", false, Map.of("ts", ts(0.90, 1.0))));
        t.add(ep("pm.s1_entry", SOL, "acted", null, false, Map.of("ts", ts(0.90, 1.0))));
        t.add(ep("pm.s3_retest", SOL, "acted", "success", false, Map.of("ts", ts(0.90, 1.0))));
        return t;
    }

    static WhatIf.Row row(WhatIf.Answer a, double m) {
        return a.rows().stream().filter(r -> r.multiplier() == m).findFirst().orElseThrow();
    }

    @Test
    void countsWhatEachMultiplierLetsThroughAndWhatItPays() {
        WhatIf.Answer a = WhatIf.answer(new WhatIf.Question("pm.s1_entry", Map.of(), "ts", WhatIf.grid(0.8, 1.2, 0.1), 1.0, 3.0), table(), 1.0);
        assertThat(a.evidence()).isEqualTo(6);
        assertThat(a.withoutBase()).isZero();
        // recorded at 1.0: 0.62, 0.70, 0.80 passed; 0.70 and 0.80 succeeded; the PM acted on 2 of those 3
        assertThat(a.recordedThrough()).isEqualTo(3);
        assertThat(a.recordedSuccesses()).isEqualTo(2);
        assertThat(a.actRate()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(a.rows()).extracting(WhatIf.Row::multiplier).containsExactly(0.8, 0.9, 1.0, 1.1, 1.2);

        // 0.8: threshold 0.48, all six through, 4 successes, 2 failures; payoff 2/3 x (4 - 3 x 2)
        WhatIf.Row r08 = row(a, 0.8);
        assertThat(List.of(r08.through(), r08.blocked(), r08.successes(), r08.failures())).containsExactly(6L, 0L, 4L, 2L);
        assertThat(r08.payoff()).isCloseTo(2.0 / 3 * (4 - 6), within(1e-12));
        // 0.9: threshold 0.54: 0.55 .. 0.80 (5), successes 0.58, 0.70, 0.80
        WhatIf.Row r09 = row(a, 0.9);
        assertThat(List.of(r09.through(), r09.successes(), r09.failures())).containsExactly(5L, 3L, 2L);
        // 1.1: threshold 0.66: 0.70, 0.80, both successes
        WhatIf.Row r11 = row(a, 1.1);
        assertThat(List.of(r11.through(), r11.successes(), r11.failures())).containsExactly(2L, 2L, 0L);
        assertThat(r11.payoff()).isCloseTo(2.0 / 3 * 2, within(1e-12));
        assertThat(r11.successRate()).isEqualTo(1.0);
        // 1.2: threshold 0.72: only 0.80
        assertThat(row(a, 1.2).through()).isEqualTo(1);
    }

    @Test
    void theMultiplierInForceReproducesTheRecordedCounts() {
        // recorded at 0.95 (threshold 0.57): the row of 0.95 is what the engine did
        List<RecordedEpisode> t = new ArrayList<>();
        for (RecordedEpisode e : table()) {
            GateReading g = e.gates().get("ts");
            java.util.Map<String, GateReading> gates = new java.util.TreeMap<>(e.gates());
            gates.put("ts", ts(g.value(), 0.95));
            t.add(new RecordedEpisode(e.patternKey(), e.scope(), e.decision(), e.outcome(), e.dataGap(), e.decisionTs(), e.outcomeTs(), gates));
        }
        WhatIf.Answer a = WhatIf.answer(new WhatIf.Question("pm.s1_entry", Map.of(), "ts", WhatIf.grid(0.8, 1.2, 0.1), 1.0, 1.0), t, 0.95);
        WhatIf.Row inForce = row(a, 0.95);
        assertThat(inForce.inForce()).isTrue();
        assertThat(a.rows().stream().filter(WhatIf.Row::inForce)).hasSize(1);
        assertThat(inForce.through()).isEqualTo(a.recordedThrough()).isEqualTo(4); // 0.58, 0.62, 0.70, 0.80
        assertThat(inForce.successes()).isEqualTo(a.recordedSuccesses()).isEqualTo(3);
    }

    @Test
    void aSubsetAndTheHaloCeiling() {
        WhatIf.Answer sol = WhatIf.answer(new WhatIf.Question("pm.s1_entry", SOL, "ts", List.of(1.0), 1.0, 1.0), table(), 1.0);
        assertThat(sol.evidence()).isEqualTo(4);

        // halo passes when value <= threshold: base 2.0, values 1.0 (success), 1.9 (failure), 2.1 (success)
        List<RecordedEpisode> t = List.of(
                ep("pm.s3_retest", SOL, "acted", "success", false, Map.of("halo", new GateReading(1.0, 2.0, 2.0, true))),
                ep("pm.s3_retest", SOL, "acted", "failure", false, Map.of("halo", new GateReading(1.9, 2.0, 2.0, true))),
                ep("pm.s3_retest", SOL, "skipped", "success", false, Map.of("halo", new GateReading(2.1, 2.0, null, false))));
        WhatIf.Answer halo = WhatIf.answer(new WhatIf.Question("pm.s3_retest", Map.of(), "halo", List.of(0.9, 1.1), 1.0, 1.0), t, 1.0);
        assertThat(halo.withoutBase()).isEqualTo(1); // its threshold 2.0 counts as base
        assertThat(row(halo, 0.9).through()).isEqualTo(1);   // ceiling 1.8
        assertThat(row(halo, 1.0).through()).isEqualTo(2);   // ceiling 2.0
        assertThat(row(halo, 1.1).through()).isEqualTo(3);   // ceiling 2.2
        assertThat(halo.actRate()).isEqualTo(1.0);
        assertThat(row(halo, 1.1).payoff()).isCloseTo(2 - 1, within(1e-12));
    }

    @Test
    void noPassAsRecordedLeavesThePayoffUnknown() {
        List<RecordedEpisode> t = List.of(ep("pm.s1_entry", SOL, "skipped", "success", false, Map.of("ts", ts(0.5, 1.0))));
        WhatIf.Answer a = WhatIf.answer(new WhatIf.Question("pm.s1_entry", Map.of(), "ts", List.of(0.8), 1.0, 1.0), t, 1.0);
        assertThat(a.actRate()).isNull();
        assertThat(row(a, 0.8).through()).isEqualTo(1);
        assertThat(row(a, 0.8).payoff()).isNull();
    }
}

package io.pmtuner.cli.report;

import io.pmtuner.model.EpisodeDecision;
import io.pmtuner.model.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Two judges' gate paths scored on episodes small enough to count by hand. */
class PolicyScoreTest {
    static final Instant DAY1 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant DAY2 = Instant.parse("2026-01-02T00:00:00Z");

    static RecordedTables.Change change(Map<String, String> subset, Instant at, double ts, long evidence) {
        return new RecordedTables.Change("pm.tuning.s1_gates", subset, 1, "test", new double[] {1, 1, 1}, new double[] {ts, 1, 1}, at, null, evidence);
    }

    static RecordedEpisode ep(Instant decided, double value, String decision, String outcome) {
        return new RecordedEpisode("pm.s1_entry", Map.of("chain", "solana"), EpisodeDecision.of(decision), Outcome.of(outcome), false, decided, decided.plusSeconds(60),
                Map.of("ts", WhatIfTest.ts(value, 1.0)));
    }

    @Test
    void eachJudgeIsScoredWithTheGatesItHadInForceThen() {
        // recorded at multiplier 1.0 (threshold 0.6): three through (two acted: act rate 2/3), one blocked
        List<RecordedEpisode> episodes = List.of(
                ep(DAY1.plusSeconds(3600), 0.55, "skipped", "success"),   // blocked as recorded
                ep(DAY1.plusSeconds(7200), 0.62, "acted", "failure"),
                ep(DAY2.plusSeconds(3600), 0.65, "acted", "success"),
                ep(DAY2.plusSeconds(7200), 0.70, "skipped", "success"));
        // champion: 0.9 globally from the start of day 1 (threshold 0.54: lets all four through)
        List<RecordedTables.Change> champion = List.of(change(Map.of(), DAY1, 0.9, 40));
        // challenger: 1.1 globally (0.66), and 1.05 for solana from day 2 on (0.63), the more specific key winning
        List<RecordedTables.Change> challenger = List.of(change(Map.of(), DAY1, 1.1, 40), change(Map.of("chain", "solana"), DAY2, 1.05, 10));
        PolicyScore.Comparison c = PolicyScore.compare(episodes, "pm.s1_entry", "pm.tuning.s1_gates", Map.of(), null, champion, challenger, 1, 1);
        double act = 2.0 / 3;
        // champion: +1, -1, +1, +1 times the act rate; challenger: 0.55 and 0.62 blocked by 0.66, 0.65 and 0.70 through 0.63
        assertThat(c.champion().n()).isEqualTo(4);
        assertThat(c.champion().mean()).isCloseTo(act * 2 / 4, within(1e-12));
        assertThat(c.challenger().mean()).isCloseTo(act * 2 / 4, within(1e-12));
        assertThat(c.lead().mean()).isCloseTo(0, within(1e-12));
        // per episode: champion act, -act, act, act; challenger 0, 0, act, act: the lead is act, -act, 0, 0
        double sd = Math.sqrt((act * act + act * act) / 3);
        assertThat(c.lead().high()).isCloseTo(1.96 * sd / 2, within(1e-12));
        // since day 2: the first two episodes are left out
        PolicyScore.Comparison late = PolicyScore.compare(episodes, "pm.s1_entry", "pm.tuning.s1_gates", Map.of(), DAY2, champion, challenger, 1, 1);
        assertThat(late.champion().n()).isEqualTo(2);
        assertThat(late.lead().mean()).isCloseTo(0, within(1e-12));
    }

    @Test
    void aChangeAppliesOnlyToEpisodesDecidedAfterIt() {
        List<RecordedEpisode> episodes = List.of(ep(DAY1.plusSeconds(60), 0.62, "acted", "success"), ep(DAY2.plusSeconds(60), 0.62, "acted", "success"));
        // tightened to 1.1 on day 2: the first episode still had 1.0 (through), the second is blocked
        PolicyScore.Comparison c = PolicyScore.compare(episodes, "pm.s1_entry", "pm.tuning.s1_gates", Map.of(), null,
                List.of(change(Map.of(), DAY2, 1.1, 40)), List.of(), 1, 3);
        assertThat(c.champion().mean()).isCloseTo(1.0 / 2, within(1e-12));
        assertThat(c.challenger().mean()).isCloseTo(1.0, within(1e-12));
    }
}

package io.pmtuner.cli.report;

import io.pmtuner.model.EpisodeDecision;
import io.pmtuner.model.Outcome;
import io.pmtuner.cli.report.RecordedEpisode.GateReading;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The numbers the report's charts are drawn from, on hand-made episodes. */
class ReportFiguresTest {
    static RecordedEpisode resolved(String decision, String outcome, String at, Map<String, String> scope) {
        Instant t = Instant.parse(at);
        return new RecordedEpisode("pm.s1_entry", scope, EpisodeDecision.of(decision), Outcome.of(outcome), false, t.minusSeconds(7200), t, Map.of());
    }

    @Test
    void ratesAccumulateInOutcomeTimeAndMatchSpecFive() {
        Map<String, String> sol = Map.of("chain", "solana");
        List<RecordedEpisode> eps = List.of(
                resolved("acted", "success", "2026-01-01T03:00:00Z", sol),
                resolved("skipped", "failure", "2026-01-01T02:00:00Z", sol),
                resolved("acted", "failure", "2026-01-01T04:00:00Z", sol),
                resolved("skipped", "success", "2026-01-01T04:00:00Z", sol),
                resolved("acted", "success", "2026-01-01T05:00:00Z", Map.of("chain", "base")),
                resolved("acted", "neutral", "2026-01-01T06:00:00Z", sol));
        List<RateHistory.Point> points = RateHistory.of(eps, "pm.s1_entry", sol);
        assertThat(points).hasSize(3); // 02:00, 03:00, 04:00 (two at once); base and neutral not counted
        assertThat(points.get(0).wr()).isNull();
        assertThat(points.get(0).dr()).isEqualTo(1.0);
        RateHistory.Point last = points.get(2);
        assertThat(last.at()).isEqualTo(Instant.parse("2026-01-01T04:00:00Z"));
        assertThat(List.of(last.acted(), last.skipped())).containsExactly(2L, 2L);
        assertThat(List.of(last.wr(), last.fpr(), last.mr(), last.dr())).containsExactly(0.5, 0.5, 0.5, 0.5);
        assertThat(RateHistory.of(eps, "pm.s1_entry", Map.of()).get(3).acted()).isEqualTo(3);
    }

    @Test
    void rollingRatesCountTheLatestEpisodesOfEachSideWithWilsonIntervals() {
        // acted: S S F S F (one an hour); skipped: F S; a window of 3
        List<RecordedEpisode> eps = List.of(
                resolved("acted", "success", "2026-01-01T01:00:00Z", Map.of()),
                resolved("acted", "success", "2026-01-01T02:00:00Z", Map.of()),
                resolved("skipped", "failure", "2026-01-01T02:30:00Z", Map.of()),
                resolved("acted", "failure", "2026-01-01T03:00:00Z", Map.of()),
                resolved("acted", "success", "2026-01-01T04:00:00Z", Map.of()),
                resolved("acted", "failure", "2026-01-01T05:00:00Z", Map.of()),
                resolved("skipped", "success", "2026-01-01T05:00:00Z", Map.of()));
        List<RateHistory.Rolling> r = RateHistory.rolling(eps, "pm.s1_entry", Map.of(), 3);
        assertThat(r).hasSize(6); // two at 05:00 make one point
        assertThat(r.get(0).mr()).isNull();
        assertThat(r.get(1).wr()).isEqualTo(1.0);
        RateHistory.Rolling at4 = r.get(4);
        assertThat(at4.acted()).isEqualTo(3); // S F S: the first S left the window
        assertThat(at4.wr()).isCloseTo(2.0 / 3, within(1e-12));
        RateHistory.Rolling last = r.get(5);
        assertThat(last.wr()).isCloseTo(1.0 / 3, within(1e-12)); // F S F
        assertThat(List.of(last.skipped(), (long) (last.mr() * 2))).containsExactly(2L, 1L);
        // Wilson, 1 of 3 at 95 %: [0.0615, 0.7923] by hand
        assertThat(last.wrLow()).isCloseTo(0.0615, within(1e-4));
        assertThat(last.wrHigh()).isCloseTo(0.7923, within(1e-4));
    }

    @Test
    void weeksStartOnMondayInUtc() {
        List<RecordedEpisode> eps = List.of(
                resolved("acted", "success", "2026-01-04T23:00:00Z", Map.of()),  // decided Sunday 21:00 -> week of Mon 2025-12-29
                resolved("acted", null, "2026-01-05T03:00:00Z", Map.of()),      // decided Monday 01:00 -> week of 2026-01-05
                resolved("skipped", "failure", "2026-01-06T03:00:00Z", Map.of()));
        Map<String, Map<String, Long>> weekly = Report.weeklyEpisodes(eps, "pm.s1_entry");
        assertThat(weekly).containsOnlyKeys("2025-12-29", "2026-01-05");
        assertThat(weekly.get("2026-01-05")).containsEntry("acted/pending", 1L).containsEntry("skipped/failure", 1L);
    }

    @Test
    void calibrationBinsTheImpliedMultiplierWithWilsonIntervals() {
        List<RecordedEpisode> eps = new java.util.ArrayList<>();
        // ten episodes at m = 0.9 (5 succeed), two at m = 1.12 (both succeed), one without base, one whose halo failed
        for (int i = 0; i < 10; i++) eps.add(gate(0.54, 0.6, i < 5, true));
        eps.add(gate(0.672, 0.6, true, true));
        eps.add(gate(0.672, 0.6, true, true));
        eps.add(new RecordedEpisode("pm.s1_entry", Map.of(), EpisodeDecision.ACTED, Outcome.SUCCESS, false, Instant.EPOCH, Instant.EPOCH,
                Map.of("ts", new GateReading(0.9, 0.6, null, true))));
        eps.add(gate(0.672, 0.6, true, false));
        List<CalibrationView.Bin> bins = CalibrationView.bins(eps, "pm.s1_entry", Map.of(), "ts", 0.05);
        assertThat(bins).hasSize(2);
        assertThat(bins.get(0).centre()).isCloseTo(0.925, within(1e-9));
        assertThat(bins.get(0).episodes()).isEqualTo(10);
        assertThat(bins.get(0).rate()).isEqualTo(0.5);
        // Wilson 95 % for 5 of 10
        assertThat(bins.get(0).low()).isCloseTo(0.2366, within(1e-4));
        assertThat(bins.get(0).high()).isCloseTo(0.7634, within(1e-4));
        assertThat(bins.get(1).centre()).isCloseTo(1.125, within(1e-9));
        assertThat(bins.get(1).episodes()).isEqualTo(2);
        assertThat(CalibrationView.fitted(0.0, 5.0, 1.0)).isEqualTo(0.5);
    }

    private static RecordedEpisode gate(double value, double base, boolean success, boolean haloPassed) {
        return new RecordedEpisode("pm.s1_entry", Map.of(), EpisodeDecision.SKIPPED, success ? Outcome.SUCCESS : Outcome.FAILURE, false, Instant.EPOCH, Instant.EPOCH,
                Map.of("ts", new GateReading(value, base, base, value >= base), "halo", new GateReading(1, 2, 2.0, haloPassed)));
    }

    /** Every change mark is labelled with its version while they fit; beyond that every n-th, the first always, at most MAX_LABELS. */
    @Test
    void changeMarksAreLabelledWithoutCrowding() {
        List<Charts.Mark> few = java.util.stream.IntStream.rangeClosed(1, 3).mapToObj(v -> new Charts.Mark(v * 1000L, "v" + v)).toList();
        assertThat(Charts.labels(few)).containsExactly("v1", "v2", "v3");
        List<Charts.Mark> many = java.util.stream.IntStream.rangeClosed(1, 30).mapToObj(v -> new Charts.Mark(v * 1000L, "v" + v)).toList();
        String[] labels = Charts.labels(many);
        assertThat(labels).hasSize(30);
        assertThat(labels[0]).isEqualTo("v1");
        assertThat(labels[3]).isEqualTo("v4");
        assertThat(labels[1]).isNull();
        assertThat(java.util.Arrays.stream(labels).filter(java.util.Objects::nonNull).count()).isEqualTo(10).isLessThanOrEqualTo(Charts.MAX_LABELS);
        assertThat(Charts.labels(List.of())).isEmpty();
    }

    /** The charts' CSV quotes what needs it and nothing else, one line per row. */
    @Test
    void figureDataIsCsv() {
        Figure f = new Figure("x", "x", new byte[0], List.of(List.of("subset", "n"), List.of("{chain=sol, vol=low}", "3"), java.util.Arrays.asList("say \"hi\"", null)));
        assertThat(f.csv()).isEqualTo("subset,n\n\"{chain=sol, vol=low}\",3\n\"say \"\"hi\"\"\",\n");
    }

    /**
     * The let-through path pays what the gates in force at each decision let through, acted or not: a ts change to 1.1
     * (threshold 0.66 on base 0.6) blocks a 0.62 decided after it, not one decided before it.
     */
    @Test
    void theLetThroughPathFollowsTheGatesInForce() {
        Instant change = Instant.parse("2026-01-02T00:00:00Z");
        List<RecordedTables.Change> changes = List.of(new RecordedTables.Change("pm.tuning.s1_gates", Map.of(), 1, "test",
                new double[] {1, 1, 1}, new double[] {1.1, 1, 1}, change, null, 30));
        List<RecordedEpisode> eps = List.of(
                ts("skipped", "success", 0.62, "2026-01-01T10:00:00Z", "2026-01-01T12:00:00Z"),  // before: through, +1
                ts("acted", "success", 0.62, "2026-01-02T10:00:00Z", "2026-01-02T12:00:00Z"),    // after: blocked, 0
                ts("skipped", "failure", 0.70, "2026-01-03T10:00:00Z", "2026-01-03T12:00:00Z"),  // after: through, -1
                ts("acted", "neutral", 0.70, "2026-01-04T10:00:00Z", "2026-01-04T12:00:00Z"));   // not resolved success or failure
        List<PayoffPath.Point> through = PayoffPath.letThrough(eps, "pm.s1_entry", "pm.tuning.s1_gates", changes, 1.0, 1.0);
        assertThat(through).extracting(PayoffPath.Point::cumulative).containsExactly(1.0, 1.0, 0.0);
        assertThat(through).extracting(PayoffPath.Point::drawdown).containsExactly(0.0, 0.0, -1.0);
        assertThat(PayoffPath.of(eps, "pm.s1_entry", 1.0, 1.0)).extracting(PayoffPath.Point::cumulative).containsExactly(1.0);
    }

    private static RecordedEpisode ts(String decision, String outcome, double value, String decided, String resolved) {
        return new RecordedEpisode("pm.s1_entry", Map.of("chain", "sol"), EpisodeDecision.of(decision), Outcome.of(outcome), false, Instant.parse(decided), Instant.parse(resolved),
                Map.of("ts", new GateReading(value, 0.6, 0.6, value >= 0.6)));
    }
}

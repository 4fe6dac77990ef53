package io.pmtuner.job.functions;

import io.pmtuner.core.tuning.Lesson;
import io.pmtuner.core.tuning.Quadrants;
import io.pmtuner.core.tuning.Vote;
import io.pmtuner.core.tuning.Votes;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The miner: counts, event-time order whatever the arrival order, and state left behind. */
class MinerFunctionTest {
    private static KeyedOneInputStreamOperatorTestHarness<String, Vote, Vote> harness() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, Vote, Vote> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new MinerFunction(false)), v -> v.key, Types.STRING);
        h.open();
        return h;
    }

    /** Votes of three subsets; several share an outcome time, as episodes of one bar do. */
    private static List<Vote> votes() {
        List<Vote> all = new ArrayList<>();
        for (String subset : List.of("{}", "{\"chain\":\"solana\"}", "{\"chain\":\"base\"}")) {
            Votes v = new Votes(subset);
            all.addAll(v.times(5, () -> v.skippedSuccess("ts")));
            all.addAll(v.times(4, v::actedFailure));
            all.addAll(v.times(3, v::actedSuccess));
            all.addAll(v.times(3, () -> v.skippedFailure("halo")));
        }
        for (int i = 0; i < all.size(); i++) {
            Vote v = all.get(i);
            v.outcomeTs = v.knownTs = 3_600_000L * (1 + (i % 7)); // many ties in time: the id decides
        }
        return all;
    }

    /**
     * Feeds the votes as parallel upstream tasks could deliver them: in waves, shuffled within each
     * wave, each wave followed by a watermark that no later vote is behind.
     */
    private static Result run(List<Vote> votes, long seed) throws Exception {
        List<Vote> byTime = new ArrayList<>(votes);
        byTime.sort((a, b) -> Long.compare(a.knownTs, b.knownTs));
        Random random = new Random(seed);
        try (KeyedOneInputStreamOperatorTestHarness<String, Vote, Vote> h = harness()) {
            int i = 0;
            while (i < byTime.size()) {
                long waveEnd = byTime.get(i).knownTs + 3_600_000L * random.nextInt(3);
                List<Vote> wave = new ArrayList<>();
                while (i < byTime.size() && byTime.get(i).knownTs <= waveEnd) wave.add(byTime.get(i++));
                Collections.shuffle(wave, random);
                for (Vote v : wave) h.processElement(new StreamRecord<>(v, v.knownTs));
                h.processWatermark(new Watermark(waveEnd));
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            Result r = new Result();
            for (Object o : h.getOutput()) {
                if (o instanceof StreamRecord<?> rec) {
                    Vote v = (Vote) rec.getValue();
                    r.order.computeIfAbsent(v.key, k -> new ArrayList<>()).add(v.episodeId);
                }
            }
            for (StreamRecord<Lesson> rec : h.getSideOutput(MinerFunction.LESSONS)) r.lessons.put(rec.getValue().subsetJson, rec.getValue());
            r.timers = h.numEventTimeTimers();
            r.stateEntries = h.numKeyedStateEntries();
            return r;
        }
    }

    static final class Result {
        final Map<String, List<String>> order = new LinkedHashMap<>();
        final Map<String, Lesson> lessons = new LinkedHashMap<>();
        int timers;
        int stateEntries;
    }

    @ParameterizedTest
    @ValueSource(longs = {2, 3, 4, 5, 6})
    void anyArrivalOrderGivesTheSameOrderAndCounts(long seed) throws Exception {
        List<Vote> votes = votes();
        Result reference = run(votes, 1);
        Result shuffled = run(votes, seed);

        assertThat(shuffled.order).isEqualTo(reference.order);
        assertThat(shuffled.lessons).usingRecursiveComparison().isEqualTo(reference.lessons);
        // and the order is (outcome_ts, episode_id)
        assertThat(reference.order).hasSize(3);
        reference.order.forEach((key, ids) -> {
            List<Vote> ofKey = new ArrayList<>(votes.stream().filter(v -> v.key.equals(key)).toList());
            ofKey.sort(Vote::compareInEventTime);
            assertThat(ids).containsExactlyElementsOf(ofKey.stream().map(v -> v.episodeId).toList());
        });
    }

    @Test
    void countsQuadrantsMissesAndRatesAndLeavesOnlyTheLesson() throws Exception {
        Result r = run(votes(), 1);
        assertThat(r.lessons).hasSize(3);
        Lesson global = r.lessons.get("{}");
        Quadrants q = global.counts;
        assertThat(q.skippedSuccess).isEqualTo(5);
        assertThat(q.actedFailure).isEqualTo(4);
        assertThat(q.actedSuccess).isEqualTo(3);
        assertThat(q.skippedFailure).isEqualTo(3);
        assertThat(q.wr()).isEqualTo(3 / 7.0);
        assertThat(q.fpr()).isEqualTo(4 / 7.0);
        assertThat(q.mr()).isEqualTo(5 / 8.0);
        assertThat(q.dr()).isEqualTo(3 / 8.0);
        // a skipped failure is a good dodge, not a miss: only the misses' gates are counted
        assertThat(q.missedBlockedBy).containsExactly(Map.entry("ts", 5L));
        assertThat(global.votes).isEqualTo(15);
        // the buffer is empty and no timer is left: one lesson per key remains
        assertThat(r.timers).isZero();
        assertThat(r.stateEntries).isEqualTo(3);
    }

    @Test
    void neutralAndDataGapAreCountedApartAndRatesAreNullWithoutADenominator() throws Exception {
        Votes v = new Votes();
        Vote gap = v.skippedSuccess("ts");
        gap.dataGap = true;
        List<Vote> vs = List.of(v.neutral(), v.neutral(), gap, v.actedSuccess());
        try (KeyedOneInputStreamOperatorTestHarness<String, Vote, Vote> h = harness()) {
            for (Vote x : vs) h.processElement(new StreamRecord<>(x, x.knownTs));
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            List<StreamRecord<Lesson>> lessons = new ArrayList<>(h.getSideOutput(MinerFunction.LESSONS));
            Lesson l = lessons.get(lessons.size() - 1).getValue();
            assertThat(l.nNeutral).isEqualTo(2);
            assertThat(l.nDataGap).isEqualTo(1);
            assertThat(l.counts.acted()).isEqualTo(1);
            assertThat(l.counts.skipped()).isZero();
            assertThat(l.counts.wr()).isEqualTo(1.0);
            assertThat(l.counts.mr()).isNull();
            assertThat(l.counts.dr()).isNull();
            assertThat(l.counts.missedBlockedBy).isEmpty();
        }
    }
}

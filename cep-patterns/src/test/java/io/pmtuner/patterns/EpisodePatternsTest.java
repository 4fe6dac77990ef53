package io.pmtuner.patterns;

import io.pmtuner.model.EpisodeDecision;
import io.pmtuner.model.Outcome;
import io.pmtuner.testing.Transitions;
import io.pmtuner.model.Action;
import io.pmtuner.model.Decision;
import io.pmtuner.model.Episode;
import io.pmtuner.model.Gate;
import io.pmtuner.model.Series;
import io.pmtuner.model.State;
import io.pmtuner.model.Tick;
import io.pmtuner.model.Transition;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The two patterns, run by FlinkCEP on compressed transition sequences as the sequencer emits them. */
class EpisodePatternsTest {
    private static final long HOUR = 3_600_000L;
    private static final Series SERIES = new Series("b", "solana", "tok", "1h");

    /** Builds a compressed stream the way the sequencer does: seq-ordered, with change flags and what each kind remembers. */
    static final class Seq implements SeriesMemory {
        final List<Transition> out = new ArrayList<>();
        long seq;
        State state;
        boolean buy;
        Tick s1Best;
        int retests;

        @Override
        public Tick s1Best() {
            return s1Best;
        }

        @Override
        public void s1Best(Tick best) {
            s1Best = best;
        }

        @Override
        public int retestCount() {
            return retests;
        }

        @Override
        public void retestCount(int count) {
            retests = count;
        }

        Seq tick(State s, boolean buyFlag, boolean trimRose, String... failing) {
            seq++;
            Transition t = Transitions.tick(SERIES, seq, s, 1.0);
            t.tick.buyFlag = buyFlag;
            t.tick.gates = new java.util.HashMap<>();
            t.tick.gates.put("ts", new Gate(0.7, 0.6, !List.of(failing).contains("ts"), null));
            t.tick.gates.put("halo", new Gate(0.5, 1.0, !List.of(failing).contains("halo"), null));
            t.prevState = state;
            t.stateChanged = s != state;
            t.buyRose = buyFlag && !buy;
            t.buyFell = !buyFlag && buy;
            t.trimRose = trimRose;
            t.tickIndex = seq;
            t.prevTickSeq = seq - 1;
            t.prevTickTs = (seq - 1) * HOUR;
            for (EpisodeKind kind : EpisodeKinds.BUILT_IN.all()) kind.remember(this, t, state);
            state = s;
            buy = buyFlag;
            out.add(t);
            return this;
        }

        Seq decision(Action a) {
            Transition t = new Transition();
            t.seriesKey = SERIES.key();
            t.series = SERIES;
            t.decision = new Decision();
            t.decision.action = a;
            t.decision.tradeId = "t" + seq;
            t.tick = out.get(out.size() - 1).tick;
            t.seq = seq;
            t.barTs = seq * HOUR;
            out.add(t);
            return this;
        }
    }

    private static List<Episode> run(Pattern<Transition, Transition> pattern, EpisodeKind kind, List<Transition> input) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        KeyedStream<Transition, String> keyed = env.fromData(input, TypeInformation.of(Transition.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Transition>forMonotonousTimestamps()
                        .withTimestampAssigner((t, ts) -> t.barTs))
                .keyBy(t -> t.seriesKey, Types.STRING);
        List<Episode> out = new ArrayList<>();
        try (CloseableIterator<Episode> it = CEP.pattern(keyed, pattern)
                .process(new EpisodeMatchFunction(kind, Duration.ofDays(30).toMillis()), TypeInformation.of(Episode.class))
                .executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void s1EntryCoversTheS1TicksAndDecisionsUntilTheFirstOtherState() throws Exception {
        Seq s = new Seq().tick(State.S0, false, false)
                .tick(State.S1, false, false, "ts", "halo")
                .tick(State.S1, true, false).decision(Action.ENTRY)
                .tick(State.S2, false, false)
                .tick(State.S1, false, false)  // an S2 -> S1 flip starts nothing
                .tick(State.S0, false, false)
                .tick(State.S1, false, false, "halo"); // a window that never closes yields nothing
        List<Episode> eps = run(EpisodeKind.S1_ENTRY.pattern(Duration.ofDays(90)), EpisodeKind.S1_ENTRY, s.out);

        assertThat(eps).singleElement().satisfies(e -> {
            assertThat(e.episodeId).isEqualTo("pm.s1_entry:b:solana:tok:1h:2");
            assertThat(e.decision()).isEqualTo(EpisodeDecision.ACTED);
            assertThat(e.tradeId).isEqualTo("t3");
            assertThat(e.decisionSeq).isEqualTo(3); // the first tick with the buy flag
            assertThat(e.closeSeq).isEqualTo(4);
            assertThat(e.outcome).isNull();         // S2: the outcome is still open
            assertThat(e.factorsJson).contains("\"window_ticks\":2").contains("\"window_last_seq\":3");
        });
    }

    @Test
    void s3RetestsAreNumberedAndATrimInsideTheWindowResolvesThem() throws Exception {
        Seq s = new Seq().tick(State.S2, false, false)
                .tick(State.S3, true, false)           // retest 1 starts with the S3 run
                .tick(State.S3, true, true)            // trim inside its window
                .tick(State.S3, false, false)
                .tick(State.S3, true, false).decision(Action.ADD) // retest 2, acted
                .tick(State.S0, false, false);
        List<Episode> eps = run(EpisodeKind.S3_RETEST.pattern(Duration.ofDays(90)), EpisodeKind.S3_RETEST, s.out);

        assertThat(eps).hasSize(2);
        assertThat(eps.get(0).retestIndex).isEqualTo(1);
        assertThat(eps.get(0).decision()).isEqualTo(EpisodeDecision.SKIPPED);
        assertThat(eps.get(0).blockedBy).containsExactly("pm");
        assertThat(eps.get(0).outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(eps.get(0).outcomeTs).isEqualTo(3 * HOUR);
        assertThat(eps.get(1).retestIndex).isEqualTo(2);
        assertThat(eps.get(1).decision()).isEqualTo(EpisodeDecision.ACTED);
        assertThat(eps.get(1).outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(eps.get(1).outcomeReason).isEqualTo("returned_s0");
    }

    /**
     * A CEP operator fed only what {@link EpisodeKind#canTakePart} keeps finds the same episodes as one fed
     * everything, on a stream where both patterns' windows come and go among flags of other states; and the
     * filter does drop elements (the S3 flags for S1, the S1 flags for S3).
     */
    @Test
    void eachPatternFindsTheSameEpisodesInWhatCanTakePartInIt() throws Exception {
        Seq s = new Seq().tick(State.S0, false, false)
                .tick(State.S1, false, false, "ts")
                .tick(State.S1, true, false).decision(Action.ENTRY)
                .tick(State.S1, false, false, "halo")
                .tick(State.S2, false, false)
                .tick(State.S2, false, true)            // a trim in S2: neither pattern's window
                .tick(State.S3, true, false)            // retest 1
                .tick(State.S3, false, false)
                .tick(State.S3, true, false).decision(Action.ADD) // retest 2
                .tick(State.S3, true, true)
                .tick(State.S3, false, false)
                .tick(State.S0, false, false)
                .tick(State.S1, true, false)            // a second S1 entry, flagged at once
                .tick(State.S1, false, false, "ts", "halo")
                .tick(State.S0, false, false);
        for (EpisodeKind kind : EpisodeKinds.BUILT_IN.all()) {
            List<Transition> relevant = s.out.stream().filter(kind::canTakePart).toList();
            assertThat(relevant.size()).as(kind + " drops what cannot take part").isLessThan(s.out.size());
            List<Episode> all = run(kind.pattern(null), kind, s.out);
            List<Episode> filtered = run(kind.pattern(null), kind, relevant);
            assertThat(all).as(kind.key).isNotEmpty();
            assertThat(filtered).extracting(e -> e.episodeId + " " + e.decision + " " + e.outcome + " " + e.closeSeq + " " + e.factorsJson)
                    .containsExactlyElementsOf(all.stream().map(e -> e.episodeId + " " + e.decision + " " + e.outcome + " " + e.closeSeq + " " + e.factorsJson).toList());
        }
    }

    @Test
    void withinDropsAWindowThatStaysOpenTooLong() throws Exception {
        Seq s = new Seq().tick(State.S0, false, false).tick(State.S1, false, false);
        for (int i = 0; i < 10; i++) s.tick(State.S1, i % 2 == 0, false); // changes keep coming, in S1
        s.tick(State.S0, false, false);
        assertThat(run(EpisodeKind.S1_ENTRY.pattern(Duration.ofHours(5)), EpisodeKind.S1_ENTRY, s.out)).isEmpty();
        assertThat(run(EpisodeKind.S1_ENTRY.pattern(Duration.ofHours(50)), EpisodeKind.S1_ENTRY, s.out)).hasSize(1);
    }

    @Test
    void eachKindKnowsItsKeysAndUid() {
        assertThat(EpisodeKind.of("pm.s1_entry")).isEqualTo(EpisodeKind.S1_ENTRY);
        assertThat(EpisodeKind.S3_RETEST.tuningKey).isEqualTo("pm.tuning.s3_gates");
        assertThat(EpisodeKind.S1_ENTRY.uid).isEqualTo("cep-s1-entry"); // savepoints depend on it
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EpisodeKind.of("pm.s9_typo")).hasMessageContaining("pm.s9_typo");
    }

    @Test
    void blockedByListsTheFailingGatesOrPm() {
        Tick dp = new Tick();
        dp.gates = Map.of("ts", new Gate(0.5, 0.6, false, null), "halo", new Gate(2, 1, false, null),
                "slope", new Gate(1, 0, true, null));
        assertThat(EpisodeKind.S1_ENTRY.blockedBy(dp)).containsExactly("halo", "ts");
        assertThat(EpisodeKind.S3_RETEST.blockedBy(dp)).containsExactly("pm");
        dp.buyFlag = true;
        assertThat(EpisodeKind.S1_ENTRY.blockedBy(dp)).containsExactly("pm");
    }
}

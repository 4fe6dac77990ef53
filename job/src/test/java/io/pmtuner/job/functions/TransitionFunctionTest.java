package io.pmtuner.job.functions;

import io.pmtuner.core.ingest.EventParser;
import io.pmtuner.job.testing.Lines;
import io.pmtuner.model.EngineEvent;
import io.pmtuner.model.Reject;
import io.pmtuner.model.State;
import io.pmtuner.model.Transition;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static io.pmtuner.job.testing.Lines.buy;
import static io.pmtuner.job.testing.Lines.trim;
import static org.assertj.core.api.Assertions.assertThat;

class TransitionFunctionTest {
    private final EventParser parser = new EventParser();
    private KeyedOneInputStreamOperatorTestHarness<String, EngineEvent, Transition> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new TransitionFunction(io.pmtuner.patterns.EpisodeKinds.BUILT_IN)), e -> e.seriesKey, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(Lines.Line line) throws Exception {
        EngineEvent e = parser.parse(line.json()).event;
        harness.processElement(new StreamRecord<>(e, e.barTs));
    }

    private List<Transition> main() {
        return harness.extractOutputValues();
    }

    private List<Transition> feed() {
        return harness.getSideOutput(Tags.OUTCOME_FEED).stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    private List<String> rejectReasons() {
        var out = harness.getSideOutput(Tags.REJECTS);
        return out == null ? List.of() : out.stream().map(r -> ((Reject) r.getValue()).reason).collect(Collectors.toList());
    }

    @Test
    void releasesInSeqOrderOnlyOnceTheWatermarkPassesAndThenHoldsOnlyTheCursor() throws Exception {
        List<Lines.Line> l = new Lines("a").tick("S0").tick("S1", buy()).decision("entry").tick("S1", buy()).tick("S2").lines();
        send(l.get(1)); // S1 tick before the S0 tick: within lateness
        send(l.get(0));
        send(l.get(2));
        send(l.get(4));
        send(l.get(3));
        assertThat(main()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(4);

        harness.processWatermark(Long.MAX_VALUE);

        // S0 (first tick), S1 start (state change + buy rise), the decision, S2 (state change + buy fall);
        // the quiet S1 tick in between is a clock tick for the outcome function only
        assertThat(main()).extracting(t -> t.isDecision() ? "decision" : t.state().name())
                .containsExactly("S0", "S1", "decision", "S2");
        assertThat(main().get(1).prevState).isEqualTo(State.S0);
        assertThat(main().get(1).buyRose).isTrue();
        assertThat(main().get(3).prevTickSeq).isEqualTo(3);
        assertThat(main().get(3).s1Best).isNotNull();
        assertThat(feed()).filteredOn(t -> t.clockOnly).extracting(t -> t.seq).containsExactly(3L);
        assertThat(rejectReasons()).isEmpty();
        // nothing buffered, no timers: only the per-series cursor remains
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    }

    @Test
    void rejectsDuplicatesRegressionsIllegalChangesAndLateEvents() throws Exception {
        Lines a = new Lines("a").tick("S0").tick("S0").repeatLast().tick("S2");
        for (Lines.Line line : a.lines()) send(line);
        harness.processWatermark(Lines.T0.plusSeconds(2 * 3600).toEpochMilli());
        send(a.lines().get(0)); // behind the watermark now
        Lines b = new Lines("b").tick("S0").gap(3).tick("S0");
        send(b.lines().get(1));
        harness.processWatermark(Long.MAX_VALUE);
        send(b.lines().get(0)); // everything is late after the end of time

        assertThat(rejectReasons()).containsExactly("duplicate_seq", "illegal_transition", "late", "late");
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void regressionAndGapAreJudgedAgainstTheLastReleasedTick() throws Exception {
        Lines a = new Lines("a").tick("S0").tick("S0").gap(2).tick("S0", trim());
        for (Lines.Line line : a.lines()) send(line);
        harness.processWatermark(Lines.T0.plusSeconds(10 * 3600).toEpochMilli());
        Lines back = new Lines("a").tick("S0");
        back.gap(20).tick("S0");
        send(back.lines().get(1)); // seq 22 fine, later bar
        harness.processWatermark(Long.MAX_VALUE);

        assertThat(main()).filteredOn(t -> t.dataGap).extracting(t -> t.seq).containsExactly(5L, 22L);
        assertThat(main()).filteredOn(t -> t.trimRose).extracting(t -> t.seq).containsExactly(5L);
        assertThat(rejectReasons()).isEmpty();
    }

    @Test
    void numbersTheRetestsOfAnS3Run() throws Exception {
        Lines a = new Lines("a").tick("S0").tick("S1").tick("S2").tick("S3", buy()).tick("S3").tick("S3", buy())
                .tick("S0").tick("S1").tick("S2").tick("S3", buy());
        for (Lines.Line line : a.lines()) send(line);
        harness.processWatermark(Long.MAX_VALUE);
        assertThat(main()).filteredOn(t -> t.retestIndex > 0).extracting(t -> t.seq + "#" + t.retestIndex)
                .containsExactly("4#1", "6#2", "10#1");
    }
}

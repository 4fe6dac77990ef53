package io.pmtuner.job.functions;

import io.pmtuner.patterns.EpisodeKinds;
import io.pmtuner.model.EpisodeDecision;
import io.pmtuner.model.Outcome;
import io.pmtuner.testing.Transitions;
import io.pmtuner.model.Episode;
import io.pmtuner.model.Series;
import io.pmtuner.model.State;
import io.pmtuner.model.Transition;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeFunctionTest {
    private static final long HOUR = 3_600_000L;
    private static final long HORIZON = Duration.ofDays(30).toMillis();
    private static final Series SERIES = new Series("b", "solana", "tok", "1h");

    private KeyedTwoInputStreamOperatorTestHarness<String, Episode, Transition, Episode> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new OutcomeFunction(HORIZON, EpisodeKinds.BUILT_IN)),
                e -> e.seriesKey, t -> t.seriesKey, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    static Episode pendingS1(long startSeq, long closeSeq, double dpPrice) {
        Episode e = new Episode();
        e.patternKey = "pm.s1_entry";
        e.series = SERIES;
        e.seriesKey = SERIES.key();
        e.episodeId = Episode.id(e.patternKey, SERIES, startSeq);
        e.startSeq = startSeq;
        e.closeSeq = closeSeq;
        e.closeTs = closeSeq * HOUR;
        e.decisionTs = startSeq * HOUR;
        e.decisionPrice = dpPrice;
        e.decide(EpisodeDecision.SKIPPED);
        return e;
    }

    static Transition tick(long seq, State state, double price, boolean trimRose, boolean clock) {
        Transition t = Transitions.tick(SERIES, seq, state, price);
        t.trimRose = trimRose;
        t.clockOnly = clock;
        return t;
    }

    private void feed(Transition t) throws Exception {
        harness.processElement2(new StreamRecord<>(t, t.barTs));
    }

    @Test
    void emitsTheClosedEpisodeThenItsOutcomeAndKeepsNoState() throws Exception {
        harness.processElement1(new StreamRecord<>(pendingS1(2, 3, 1.0), 3 * HOUR));
        feed(tick(3, State.S2, 1.0, false, false)); // the closing tick itself: already applied by the pattern
        feed(tick(4, State.S2, 0.9, true, false));  // trim below the decision price: no outcome
        feed(tick(5, State.S2, 1.0, false, true));
        feed(tick(6, State.S3, 1.2, false, false));
        assertThat(harness.numEventTimeTimers()).isEqualTo(4);

        harness.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(6 * HOUR));

        List<Episode> out = harness.extractOutputValues();
        assertThat(out).hasSize(2);
        assertThat(out.get(0).outcome).isNull();
        assertThat(out.get(1).outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(out.get(1).outcomeReason).isEqualTo("reached_s3");
        assertThat(out.get(1).outcomeTs).isEqualTo(6 * HOUR);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void resolvesNeutralAtTheFirstTickPastTheHorizonOfTheSeriesOwnTime() throws Exception {
        harness.processElement1(new StreamRecord<>(pendingS1(2, 3, 1.0), 3 * HOUR));
        long last = 2 + HORIZON / HOUR;
        feed(tick(last - 1, State.S2, 1.0, false, true));
        feed(tick(last, State.S2, 1.0, false, true));
        feed(tick(last + 1, State.S2, 1.0, false, true));
        harness.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(Long.MAX_VALUE));

        Episode resolved = harness.extractOutputValues().get(1);
        assertThat(resolved.outcome()).isEqualTo(Outcome.NEUTRAL);
        assertThat(resolved.outcomeTs).isEqualTo(last * HOUR);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void theEndOfTheInputResolvesNothing() throws Exception {
        harness.processElement1(new StreamRecord<>(pendingS1(2, 3, 1.0), 3 * HOUR));
        feed(tick(4, State.S2, 1.0, false, true));
        harness.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(Long.MAX_VALUE));

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1); // the open episode, and nothing else
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
